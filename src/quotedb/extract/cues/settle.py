"""Settling a frame's cues: each clause cut where the next cue starts its own; inherited sources."""
from __future__ import annotations

from ..frames import char_span, first_token_at
from ..phrases import PhraseReader
from .cue import Cue


def inherited_source(reader: PhraseReader, cues: list[Cue], cue: Cue) -> tuple[int, int] | None:
    """A participle or coordinated cue speaks for the sentence's speaker, else its subject."""
    for other in reversed(cues):
        if other is cue or other.start > cue.start:
            continue
        if other.source and not other.inherit:
            return other.source
    subject = reader.frame_subject()
    return subject and char_span(reader.tokens, *subject)


def settle(reader: PhraseReader, cues: list[Cue]) -> None:
    """Cut each clause where the next cue starts a clause of its own; mark cues nested in a clause."""
    tokens = reader.tokens
    for index, cue in enumerate(cues):
        if not cue.content or cue.content_before:
            continue
        for later in cues[index + 1:]:
            if later.start < cue.content[0] or later.start >= cue.content[1]:
                continue
            if later.inherit:
                governing = next((c for c in reversed(cues[:cues.index(later)]) if not c.inherit), None)
                if governing is not None and governing is not cue and not governing.content_before \
                        and cue.content[0] <= governing.start < cue.content[1]:
                    later.nested = True  # "said the US condemned X and called on Y": coordinated inside the clause
                    continue
            if later.inherit or later.content_before or later.verb_class == "noun" and later.cut_at != later.token_span[0]:
                cut = later.cut_at if later.cut_at is not None else later.token_span[0]
                if later.content_before:
                    cut = max(0, first_token_at(tokens, later.source[0]) - 1) if later.source else later.token_span[0]
                    if later.verb_class == "according":
                        cut = later.token_span[0]  # "CLAUSE, according to X": the source follows the cue
                    if later.content and later.content[1] <= cue.content[0]:
                        continue
                end_token = cut - 1
                while end_token >= 0 and tokens.kinds[end_token] == "punct" and tokens.texts[end_token] in ",;:—–":
                    end_token -= 1
                if end_token >= 0 and tokens.ends[end_token] > cue.content[0]:
                    cue.content = (cue.content[0], tokens.ends[end_token])
                break
            if cue.verb_class == "according" and later.source and not later.inherit:
                cue.content = None  # "According to his response, Lee said that ...": Lee's cue is the one
                break
            later.nested = True
    # "upon request: “The South Koreans ...”": a colon before a quote ends the clause
    texts, kinds = tokens.texts, tokens.kinds
    colons = [k for k in range(len(tokens) - 1) if texts[k] == ":" and kinds[k + 1] == "quote"] if ":" in texts else []
    for cue in cues:
        if cue.content and not cue.content_before:
            for k in colons:
                if cue.content[0] < tokens.starts[k] < cue.content[1]:
                    cue.content = (cue.content[0], tokens.ends[k - 1])
                    break
