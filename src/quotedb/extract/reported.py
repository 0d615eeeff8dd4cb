"""Reported speech: the cues whose content is a reported clause ("X said the talks failed"),
not just a direct quote or an object, with the clause trimmed to what was said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang import LanguagePack
from .cues import Cue
from .frames import Frame, first_token_at
from .phrases import PhraseReader
from .quotes import QuoteSpan, word_count

_LEADING_PUNCT = re.compile(r"[\s,:;—–-]+")
_LEADING_WORD = re.compile(r"(\w+)\b,?\s*")
_CLAUSE_WORD = re.compile(r"[\w'’-]+")
# "SEOUL -- ", "ST. PETERSBURG, Russia (AP) — ", "JAKARTA, KOMPAS.com - ": a dateline, not part of any clause
_DATELINE = re.compile(r"(?:[A-Z][A-Z.'’\- ]{2,}(?:,[^—–\n]{0,40}?)?\s*(?:\([^)\n]{1,20}\)\s*)?"
                       r"|[A-Z][a-z]+(?: [A-Z][a-z]+)? \([A-Z][A-Za-z.]{1,15}\)\s*)(?:--|—|–|-)\s+")  # or "Seoul (KBN) - "


@dataclass(frozen=True)
class IndirectQuote:
    start: int
    end: int
    cue: Cue
    frame: int


def _trim_content(text: str, start: int, end: int, lexicon: LanguagePack, content_before: bool) -> tuple[int, int]:
    """The clause without "that", a leading connective, or trailing punctuation."""
    dateline = _DATELINE.match(text, start, end)
    if dateline:
        start = dateline.end()
    while True:
        match = _LEADING_PUNCT.match(text[start:end])
        if match:
            start += match.end()
            continue
        word = _LEADING_WORD.match(text[start:end])
        if word and (word.group(1).lower() in lexicon.complementizers or
                     content_before and word.group(1).lower() in lexicon.discourse_markers and word.group().rstrip().endswith(",")):
            start += word.end()
            continue
        if content_before and word and word.group(1).lower() in lexicon.leading_conjunctions \
                and word.group(1)[0].isupper():
            start += word.end()
            continue
        break
    if lexicon.clause_adjunct_re:  # "X argues that CLAUSE, referring to ...": the gloss is the reporter's
        gloss = lexicon.clause_adjunct_re.search(text, start, end)
        if gloss:
            end = gloss.start()
    while end > start and text[end - 1] in " \t.,;:—–-":
        end -= 1
    return start, end


def find_indirect(text: str, frames: list[Frame], cues: list[Cue], quotes: list[QuoteSpan],
                  lexicon: LanguagePack) -> list[IndirectQuote]:
    """Cues whose content is a reported clause, not just a direct quote or an object."""
    found = []
    frame_cues: dict[int, list[Cue]] = {}
    for cue in cues:
        frame_cues.setdefault(cue.frame, []).append(cue)
    for frame_index, local in frame_cues.items():
        frame = frames[frame_index]
        reports = []
        for cue in local:
            if not _reportable(frame, cue, lexicon):
                continue
            start, end = _trim_content(text, cue.content[0], cue.content[1], lexicon, cue.content_before)
            if end <= start:
                continue
            quoted = sum(word_count(text[quotes[q].start:quotes[q].end]) for q in frame.quotes
                         if start <= quotes[q].open and quotes[q].close <= end + 1)
            outside = word_count(text[start:end]) - quoted
            if (outside <= (3 if quoted else 2) or quoted and outside <= 5 and quoted > outside) \
                    and not (quoted and _clause_around_quote(text, start, end, cue, frame, quotes, lexicon)):
                continue  # the clause is the direct quote ("the visit "has elevated ...""): one entry, direct
            reports.append((start, end, cue))
        # "X assessed Y, Z said": the clause is Y, and Z is the one speaking
        speaking = [cue for _, _, cue in reports]  # the cue each clause is reported by
        kept = [True] * len(reports)
        for outer, (outer_start, outer_end, cue) in enumerate(reports):
            if not cue.content_before:
                continue
            inner = [i for i in range(len(reports))
                     if kept[i] and i != outer and outer_start <= speaking[i].start < outer_end]
            if inner:
                kept[outer] = False
                for i in inner:
                    speaking[i] = speaking[outer]
        found.extend(IndirectQuote(start, end, speaking[i], frame_index)
                     for i, (start, end, _) in enumerate(reports) if kept[i])
    return found


def _clause_around_quote(text: str, start: int, end: int, cue: Cue, frame: Frame, quotes: list[QuoteSpan],
                         lexicon: LanguagePack) -> bool:
    """Is the reporter's part of a clause ending in a partial quote a clause of its own?

    'said that the drills would proceed "as planned"', 'said the visit had been planned "long before ..."':
    the content clause and the partial quote are both entries. 'said the visit "has elevated ..."' is not:
    the quote carries the clause's verb, so the quote alone is the entry.
    """
    first_quote = min((quotes[q].open for q in frame.quotes if start <= quotes[q].open < end), default=end)
    words = _CLAUSE_WORD.findall(text[start:first_quote])
    if len(words) < 3:
        return False
    if cue.via_that:
        return True
    lexical = lexicon.lexical_finite_words
    past = lexicon.past_endings
    return any(w.lower() in lexical or len(w) > 4 and w.lower().endswith(past) for w in words[1:])


def _reportable(frame: Frame, cue: Cue, lexicon: LanguagePack) -> bool:
    if not cue.content or cue.negated or cue.nested or cue.verb_class == "object":
        return False
    if cue.source is None:
        return False
    if cue.content_before or cue.via_that or cue.verb_class in ("according", "noun"):
        return True
    if cue.verb_class == "that":
        return False
    tokens = frame.tokens
    first = first_token_at(tokens, cue.content[0])
    last = len(tokens) - 1
    while last > first and tokens.ends[last] > cue.content[1]:
        last -= 1
    return PhraseReader(frame, lexicon).is_clause(first, last)
