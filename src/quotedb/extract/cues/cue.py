"""The Cue record."""
from __future__ import annotations

from dataclasses import dataclass

# The lemma an "according to" cue records in every language ("menurut" too): a label, like verb_class.
ACCORDING_LEMMA = "according to"


@dataclass
class Cue:
    """One attribution: the cue words, who they name as the source, and what was said."""

    frame: int
    start: int  # the cue words as written: text[start:end]
    end: int
    lemma: str
    verb_class: str  # clause | that | object | inverted | according | noun | quoted
    source: tuple[int, int] | None = None  # the source phrase as written
    inherit: bool = False  # the source is the subject of the sentence ("..., adding that")
    content: tuple[int, int] | None = None  # what was said
    content_before: bool = False  # "CLAUSE, X said." rather than "X said CLAUSE"
    via_that: bool = False
    colon: bool = False  # "X said:" introduces the quote that follows
    negated: bool = False
    token_span: tuple[int, int] = (0, 0)  # first and last token index of the cue words
    cut_at: int | None = None  # where a clause before this cue must end, when it is a new clause
    nested: bool = False
    relayed_by: tuple[int, int] | None = None  # "Reuters, citing KCNA": the relaying outlet
    skipped: tuple[int, int] | None = None  # tokens between the speaker and the verb ("yang enggan disebut namanya")
