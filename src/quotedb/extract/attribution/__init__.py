"""Attribution: who said each quotation, by sieves from most to least certain.

1. a cue in the same sentence whose content holds the quote ("X said", "said X", "X said:")
2. a colon introduction earlier in the sentence ("... upon request: “...”")
3. continuation: a quote right after an attributed one, or a paragraph that only carries a quote
4. the sentence's subject, for a partial quote with no cue ("The leader gave the instruction to "...")
The cue's source phrase is resolved to a speaker by name, surname, pronoun or nominal
("the ministry", "the department director"); the rule names the weakest link used.
"""
from __future__ import annotations

from typing import NamedTuple

from ...lang import LanguagePack
from ..cues import Cue
from ..entities import Registry, Speaker
from ..frames import Frame
from ..quotes import QuoteSpan
from ..reported import IndirectQuote
from .resolver import Resolver, resolve_cue
from .sieves import (
    CONFIDENCE,
    Attribution,
    after_title_marker,
    colon_cue,
    containing_cue,
    continue_backwards,
    continues,
    cue_text,
    make_attribution,
    names_a_term,
    rule_for,
    title_like,
)

__all__ = ["CONFIDENCE", "Attribution", "Attributions", "attribute"]


class Attributions(NamedTuple):
    direct: dict[int, Attribution]  # by index into the direct quotes; dropped scare quotes are absent
    reported: dict[int, Attribution]  # by index into the reported clauses; unattributed ones are absent
    memory: Registry  # the stage's working copy of the registry: the people it named and mentions it resolved


def attribute(text: str, frames: list[Frame], quotes: list[QuoteSpan], cues: list[Cue],
              indirect: list[IndirectQuote], registry: Registry, lexicon: LanguagePack) -> Attributions:
    """Who said each direct quote and each reported clause. ``registry`` is only read: the people
    this stage names or mentions go to its own working copy of it (``memory``)."""
    memory = registry.working_copy()
    resolver = Resolver(text, frames, memory, lexicon)
    colon_intros: set[int] = set()  # the cues found introducing a quote after a colon, by id
    cues_by_frame: dict[int, list[Cue]] = {}
    for cue in cues:
        cues_by_frame.setdefault(cue.frame, []).append(cue)
    indirect_by_frame: dict[int, list[int]] = {}
    for index, report in enumerate(indirect):
        indirect_by_frame.setdefault(report.frame, []).append(index)
    direct: dict[int, Attribution] = {}
    reported: dict[int, Attribution] = {}
    previous: tuple[int, Attribution] | None = None  # (quote index, attribution) of the last direct quote
    last_frame_of_line: dict[int, int] = {}
    for frame in frames:
        last_frame_of_line[frame.line] = frame.index
    for frame in frames:
        local = cues_by_frame.get(frame.index, [])
        resolved: dict[int, tuple[Speaker | None, str]] = {}
        for cue in local:
            resolved[id(cue)] = resolve_cue(resolver, cue, frame.index)
        for q in frame.quotes:
            quote = quotes[q]
            if names_a_term(text, quote, lexicon) or after_title_marker(text, quote, lexicon):
                continue
            found = containing_cue(local, quote)
            if found is None:
                found = colon_cue(text, local, quote)
                if found is not None:
                    colon_intros.add(id(found))
            if found is None and quote.opens_line and quote.line - 1 in last_frame_of_line:
                # "Hwang told reporters:" ending the paragraph before the quote
                before = last_frame_of_line[quote.line - 1]
                found = colon_cue(text, cues_by_frame.get(before, []), quote)
                if found is not None:
                    colon_intros.add(id(found))
                    if id(found) not in resolved:
                        resolved[id(found)] = resolve_cue(resolver, found, before)
            if found is not None:
                speaker, how = resolved[id(found)]
                attribution = make_attribution(speaker, cue_text(text, found),
                                               rule_for(found, how, found.colon or id(found) in colon_intros))
            elif previous and continues(quotes, frames, previous[0], q, last_frame_of_line, text):
                before = previous[1]
                same_line = quotes[previous[0]].line == quote.line
                attribution = Attribution(before.speaker, before.cue if same_line else None, "continuation",
                                          CONFIDENCE["continuation"] if before.speaker else 0.0)
            else:
                speaker = resolver.subject(frame.index) if quote.open > frame.start else None
                attribution = make_attribution(speaker, None, "sentence-subject")
            if attribution.speaker is None:
                words = text[quote.start:quote.end].split()
                if len(words) <= 3 or title_like(words, lexicon):
                    continue  # a scare quote, a title or a nickname
            direct[q] = attribution
            previous = (q, attribution)
            resolver.remember(frame.index, quote.open, attribution.speaker)
        for index in indirect_by_frame.get(frame.index, []):
            cue = indirect[index].cue
            speaker, how = resolved.get(id(cue), (None, "none"))
            if speaker is None:
                continue
            reported[index] = make_attribution(speaker, cue_text(text, cue),
                                               rule_for(cue, how, cue.colon or id(cue) in colon_intros))
        for cue in local:
            resolver.remember(frame.index, cue.start, resolved[id(cue)][0])
    continue_backwards(quotes, direct)
    return Attributions(direct, reported, memory)
