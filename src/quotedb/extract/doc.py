"""QuoteDoc: one article's text and every layer the extraction stages build over it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..lang import LanguagePack
    from ..nlp.base import Annotation, Segmentation
    from ..records import Quote
    from .attribution import Attributions
    from .cues import Cue
    from .entities import Registry
    from .frames import Frame
    from .quotes import QuoteSpan
    from .reported import IndirectQuote

# The layers a QuoteDoc starts with; every other layer is provided by one stage.
GIVEN = ("text", "lang", "annotation")


@dataclass
class QuoteDoc:
    text: str
    lang: LanguagePack
    annotation: Annotation  # the backend's sentences, and its entities and verb subjects when it has them
    segmentation: Segmentation | None = None  # lines, paragraphs, sentences
    quotes: list[QuoteSpan] | None = None  # direct quotations
    frames: list[Frame] | None = None  # sentences merged where a quote crosses them
    rule_cues: list[Cue] | None = None  # cues as the word lists read them
    cues: list[Cue] | None = None  # the same, with the source the parse gives where it has one
    reported: list[IndirectQuote] | None = None  # reported clauses
    entities: Registry | None = None  # people and organizations
    attributions: Attributions | None = None  # who said each direct quote and reported clause
    records: list[Quote] | None = None
