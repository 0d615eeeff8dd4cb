"""Cue sources from the parse: where the backend parsed a verb's subject, it names the source."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from .cue import Cue

Span = tuple[int, int]


def with_parse_subjects(cues: list[Cue], subjects: Mapping[int, tuple[Span, Span]]) -> list[Cue]:
    """The cues, each with the parsed subject of its verb as its source when the rules found none or
    one outside that subject; ``subjects`` maps a verb's offset to (subject head, subject phrase).
    The cues given are left as they are."""
    out = []
    for cue in cues:
        if not cue.inherit and cue.start in subjects:
            (head_start, head_end), phrase = subjects[cue.start]
            if cue.source is None or not (cue.source[0] < head_end and head_start < cue.source[1]):
                cue = replace(cue, source=phrase)
        out.append(cue)
    return out
