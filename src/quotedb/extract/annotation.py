"""The one place that reads a backend's stanza ``Document``: its sentences (cut at hard lines),
PERSON/ORG entity spans and verb subjects, as plain offsets into the text.

``read_annotation`` turns a Document into an ``Annotation`` that says what the backend
provides (``"sentences"`` always, ``"ner"`` when its tokens carry entity tags, ``"dependencies"``
when its words carry relations); the stages read that, and nothing else in ``extract/`` knows
the Document.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# _capped: the splitter's own cut of run-on sentences, applied to a backend's sentences too
from ..annotate import RulesDocument, Segmentation, _capped, rules_document, split_lines

if TYPE_CHECKING:
    from stanza.models.common.doc import Document

_NEURAL_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG"}
_SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")
_SUBJECT_PARTS = ("compound", "flat", "flat:name", "amod", "det", "nmod:poss", "case")

Span = tuple[int, int]


@dataclass(frozen=True)
class Annotation:
    segmentation: Segmentation
    provides: frozenset[str]
    entities: tuple[tuple[int, int, str], ...] = ()  # (start, end, "PERSON" | "ORG"), with "ner"
    subjects: Mapping[int, tuple[Span, Span]] = field(default_factory=dict)  # verb -> (head, phrase), with "dependencies"


def read_annotation(doc: Document | None, text: str, language: str = "en") -> Annotation:
    """What the extraction reads of a backend's Document of ``text`` (the rules backend's Document
    when ``doc`` is None or annotates another text)."""
    if doc is None or getattr(doc, "text", None) != text:
        doc = rules_document(text, language)
    segmentation = document_segmentation(doc, text)
    if isinstance(doc, RulesDocument):  # sentences only; its stanza objects are not even built
        return Annotation(segmentation, frozenset({"sentences"}))
    provides = {"sentences"}
    if any(token.ner is not None for sentence in doc.sentences for token in sentence.tokens):
        provides.add("ner")
    if any(word.deprel is not None for sentence in doc.sentences for word in sentence.words):
        provides.add("dependencies")
    return Annotation(segmentation, frozenset(provides), tuple(neural_entities(doc, text)),
                      dependency_subjects(doc, text))


def document_segmentation(doc: Document, text: str) -> Segmentation:
    """The Segmentation of a Document filled by any backend: its sentences, cut at hard lines.

    Lines (paragraphs) come from the text itself; a sentence a backend ran across a line
    break is cut there, since quotes and attributions never cross one.
    """
    if isinstance(doc, RulesDocument) and doc.text == text:
        return doc.segmentation
    lines = split_lines(text)
    line_starts = [line.start for line in lines]
    sentences, sentence_lines = [], []
    for sentence in doc.sentences:
        tokens = [t for t in sentence.tokens if t.start_char is not None and t.end_char is not None]
        if not tokens:
            continue
        start, end = tokens[0].start_char, tokens[-1].end_char
        index = max(bisect_right(line_starts, start) - 1, 0)
        while index < len(lines) and lines[index].start < end:
            line = lines[index]
            piece_start, piece_end = max(start, line.start), min(end, line.end)
            for span in _capped(text, piece_start, piece_end):
                if not sentences or span[0] >= sentences[-1][1]:  # keep them ordered, disjoint
                    sentences.append(span)
                    sentence_lines.append(index)
            index += 1
    return Segmentation(text, tuple(lines), tuple(sentences), tuple(sentence_lines))


def neural_entities(doc: Document | None, text: str) -> list[tuple[int, int, str]]:
    """PERSON and ORG spans from a neural backend's NER, when the Document has them."""
    if doc is None or getattr(doc, "text", None) != text:
        return []
    out = []
    for entity in getattr(doc, "ents", None) or []:
        label = _NEURAL_LABELS.get(entity.type)
        if label and entity.start_char is not None and entity.end_char is not None:
            out.append((entity.start_char, _whole_word_end(text, entity.end_char), label))
    return out


def _whole_word_end(text: str, end: int) -> int:
    """Extend an entity cut at a hyphen to the whole word: EWT tokenizers split "Jong-un"."""
    while end + 1 < len(text) and text[end] in "-‐‑" and text[end + 1].isalnum():
        end += 1
        while end < len(text) and text[end].isalnum():
            end += 1
    return end


def dependency_subjects(doc: Document | None, text: str) -> dict[int, tuple[tuple[int, int], tuple[int, int]]]:
    """Verb offset -> (subject head word, subject phrase), from a parsed Document.

    Empty without dependencies. The phrase is the head with its name parts and modifiers,
    never its relative clauses or appositions ("The negotiator who led the talks in Singapore").
    """
    if doc is None or isinstance(doc, RulesDocument) or getattr(doc, "text", None) != text:
        return {}
    subjects = {}
    for sentence in doc.sentences:
        words = sentence.words
        for word in words:
            if word.deprel not in _SUBJECT_RELATIONS or not word.head or word.start_char is None:
                continue
            verb = words[word.head - 1]
            parts = [w for w in words if w.head == word.id and w.deprel in _SUBJECT_PARTS and w.start_char is not None]
            start = min([word.start_char] + [w.start_char for w in parts])
            end = max([word.end_char] + [w.end_char for w in parts])
            if verb.start_char is not None:
                subjects[verb.start_char] = ((word.start_char, word.end_char), (start, end))
    return subjects
