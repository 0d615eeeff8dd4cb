"""The attribution sieves' pieces: what a quote is not (a term, a title), which cue holds it, whether
it continues the quote before it, and the rule name and confidence an attribution records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...lang import LanguagePack
from ..cues import Cue
from ..entities import Speaker
from ..frames import Frame
from ..quotes import QuoteSpan, word_count

CONFIDENCE = {
    "cue-same-sentence": 0.9,
    "according-to": 0.85,
    "colon-intro": 0.85,
    "surname": 0.8,
    "continuation": 0.75,
    "nominal": 0.7,
    "pronoun": 0.7,
    "sentence-subject": 0.5,
    "unattributed": 0.0,
}
# the words between two halves of one quoted sentence: ', she said in a statement, '
_INTERRUPTION = re.compile(r"\s*,?[^\S\n]*[^\s.!?:;\"“”„«»‘’'][^.!?:;\"“”„«»‘’\n]{0,80},\s*")
_WORD_AFTER = re.compile(r"\s+([A-Za-z-]+)")
# The last word (and the spaces after it) of a string; tried only where a word starts, without backtracking
# (twice as fast as a plain ([\w-]+)[^\S\n]*$, which retries every position inside every word)
_WORD_BEFORE = re.compile(r"(?<![\w-])([\w-]++)[^\S\n]*+$")


@dataclass(frozen=True)
class Attribution:
    speaker: Speaker | None
    cue: str | None
    rule: str
    confidence: float


def make_attribution(speaker: Speaker | None, cue: str | None, rule: str) -> Attribution:
    if speaker is None:
        rule = "unattributed"
    return Attribution(speaker, cue, rule, CONFIDENCE[rule])


def cue_text(text: str, cue: Cue) -> str:
    return " ".join(text[cue.start:cue.end].split())


def rule_for(cue: Cue, how: str, colon: bool) -> str:
    """The rule an attribution records: the weakest link ``how`` the speaker was found by, else the
    cue's kind (``colon``: the cue introduces a quote after a colon)."""
    if how in ("surname", "pronoun", "nominal"):
        return how
    if cue.verb_class == "according":
        return "according-to"
    if colon:
        return "colon-intro"
    return "cue-same-sentence"


def names_a_term(text: str, quote: QuoteSpan, lexicon: LanguagePack) -> bool:
    """"the 'strategic partnership' treaty": a short quoted phrase naming a thing, not a quotation."""
    if not quote.closed:
        return False
    following = _WORD_AFTER.match(text[quote.close:quote.close + 30])
    if not following or following.group(1).lower() not in lexicon.term_heads:
        return False
    return word_count(text[quote.start:quote.end]) <= 3  # counted last: most quotes fail the cheaper tests


def after_title_marker(text: str, quote: QuoteSpan, lexicon: LanguagePack) -> bool:
    """A seminar "bertajuk "…"": the quoted words are a title, not a quotation."""
    before = _WORD_BEFORE.search(text[max(0, quote.open - 30):quote.open])  # "titled", "so-called"
    return bool(before) and before.group(1).lower() in lexicon.title_markers


def title_like(words: list[str], lexicon: LanguagePack) -> bool:
    small = lexicon.title_small_words
    return len(words) <= 8 and all(w[:1].isupper() or w.lower() in small for w in words)


def continue_backwards(quotes: list[QuoteSpan], direct: dict[int, Attribution]) -> None:
    """"P1 … (unclosed)" then "P2," she said: a paragraph left open speaks with the one that closes it."""
    following: Attribution | None = None
    for q in sorted(direct, reverse=True):
        quote, attribution = quotes[q], direct[q]
        if attribution.speaker is None and not quote.closed and following is not None \
                and following.speaker is not None and q + 1 in direct and quotes[q + 1].opens_line \
                and quotes[q + 1].line == quote.line + 1:
            attribution = direct[q] = Attribution(following.speaker, None, "continuation", CONFIDENCE["continuation"])
        following = attribution


def containing_cue(cues: list[Cue], quote: QuoteSpan) -> Cue | None:
    """The cue whose content holds the quote: a cue after its clause first, else the innermost."""
    holding = [c for c in cues if c.content and c.content[0] <= quote.open and quote.close <= c.content[1] + 1
               and c.source is not None]
    if not holding:
        return None
    before = [c for c in holding if c.content_before]
    if before:
        return before[-1]
    return min(holding, key=lambda c: c.content[1] - c.content[0])


def colon_cue(text: str, cues: list[Cue], quote: QuoteSpan) -> Cue | None:
    """"... upon request: “The South Koreans ...”": the last cue before the colon speaks."""
    k = quote.open - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or text[k] != ":":
        return None
    earlier = [c for c in cues if c.end <= quote.open and c.source is not None]
    return earlier[-1] if earlier else None


def continues(quotes: list[QuoteSpan], frames: list[Frame], before: int, current: int,
               last_frame_of_line: dict[int, int], text: str = "") -> bool:
    """Is quote ``current`` the same voice as quote ``before`` (an interrupted or multi-paragraph quote)?"""
    earlier, quote = quotes[before], quotes[current]
    earlier_frame = frame_of(frames, earlier.open)
    frame = frame_of(frames, quote.open)
    if earlier.line == quote.line:
        if frame == earlier_frame and _INTERRUPTION.fullmatch(text, earlier.close, quote.open):
            return True  # '"We are ready," she said, "to respond."': the attribution splits one sentence
        return frame - earlier_frame <= 1 and quote.open == frames[frame].start
    return quote.opens_line and earlier.line == quote.line - 1 and earlier_frame == last_frame_of_line.get(earlier.line)


def frame_of(frames: list[Frame], offset: int) -> int:
    low, high = 0, len(frames) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if frames[middle].start <= offset:
            low = middle
        else:
            high = middle - 1
    return low
