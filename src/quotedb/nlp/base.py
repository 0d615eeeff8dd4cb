"""What every NLP backend gives the extraction: an ``Annotation`` of one text.

The extraction stages read only this (quotedb's own type, not a backend's): the text's lines
and sentences, and, when the backend provides them, PERSON/ORG entity spans and the subjects
of verbs. ``provides`` says which of those the backend filled, so a stage that can use them
asks ``ENTITIES in annotation.provides`` instead of probing types.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# What an Annotation may provide (every backend provides SENTENCES).
SENTENCES, ENTITIES, DEPENDENCIES = "sentences", "entities", "dependencies"

Span = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """A hard paragraph: one line of text (soft-wrapped lines joined). Quotes never cross one."""

    start: int
    end: int
    paragraph: int  # index of the blank-line-separated paragraph it belongs to


@dataclass(frozen=True)
class Segmentation:
    text: str
    lines: tuple[Line, ...]
    sentences: tuple[Span, ...]  # (start, end) offsets, never crossing a line
    sentence_lines: tuple[int, ...]  # index into lines for each sentence


@dataclass(frozen=True)
class Annotation:
    """One text as a backend read it; every offset is into ``text``."""

    text: str
    annotator: str  # recorded on the article: "rules:en", "stanza-compact:en:tokenize", ...
    segmentation: Segmentation
    provides: frozenset[str] = frozenset({SENTENCES})
    entities: tuple[tuple[int, int, str], ...] = ()  # (start, end, "PERSON" | "ORG")
    # verb start -> (subject head word, subject phrase): "The veteran negotiator ... said"
    subjects: Mapping[int, tuple[Span, Span]] = field(default_factory=lambda: MappingProxyType({}))


class NLPUnavailable(RuntimeError):
    """A requested NLP backend or model cannot be used; the message says how to fix it."""
