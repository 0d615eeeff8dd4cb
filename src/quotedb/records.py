"""Plain records passed between the pipeline stages and the database edge."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .sources import RawDocument


@dataclass
class Article:
    """A cleaned article: the text every offset refers to, plus page metadata."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    byline: str | None = None
    language: str = "en"
    source: str | None = None  # path or URL
    url: str | None = None


@dataclass
class Quote:
    """One quotation found in an article's text.

    ``text == article.text[start:end]`` always holds. Speaker fields are None when the
    quote could not be attributed: a quote is never given a guessed speaker.
    """

    text: str
    type: str  # "direct" | "indirect"
    start: int
    end: int
    paragraph: int = 0
    cue: str | None = None
    speaker: str | None = None  # canonical (fullest) name
    speaker_mention: str | None = None  # the mention as written next to the quote
    speaker_kind: str | None = None  # person | organization | anonymous | group
    speaker_type: str | None = None  # expert | official | state media | politician | journalist | other
    role: str | None = None
    affiliation: str | None = None  # canonical organization name
    affiliation_acronym: str | None = None
    affiliation_kind: str | None = None
    affiliation_country: str | None = None
    speaker_aliases: list[str] = field(default_factory=list)
    affiliation_aliases: list[str] = field(default_factory=list)
    rule: str = ""
    confidence: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Processed:
    """One raw document after the pipeline: what the database edge stores."""

    raw: RawDocument
    article: Article
    quotes: list[Quote]
    annotator: str
