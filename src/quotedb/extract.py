"""Article text in, Quote records out: a pure function over the extraction stages.

segment (annotate) -> direct quotes (quotes) -> frames and cues, indirect speech (indirect)
-> people and organizations (affiliation) -> attribution (attribute) -> Quote records.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .affiliation import Registry, Speaker
from .annotate import RulesDocument, document_segmentation, rules_document
from .attribute import Attribution, attribute
from .indirect import build_frames, find_cues, find_indirect
from .lexicon import Lexicon, load
from .quotes import find_quotes
from .records import Quote

if TYPE_CHECKING:
    from stanza.models.common.doc import Document

_NEURAL_LABELS = {"PERSON": "PERSON", "PER": "PERSON", "ORG": "ORG"}
_SUBJECT_RELATIONS = ("nsubj", "nsubj:pass")
_SUBJECT_PARTS = ("compound", "flat", "flat:name", "amod", "det", "nmod:poss", "case")


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


def _apply_subjects(cues, subjects) -> None:
    """The parse names a cue's source when the rules found none or one outside its subject."""
    for cue in cues:
        if cue.inherit or cue.start not in subjects:
            continue
        (head_start, head_end), phrase = subjects[cue.start]
        if cue.source is None or not (cue.source[0] < head_end and head_start < cue.source[1]):
            cue.source = phrase


def _record(text: str, start: int, end: int, kind: str, paragraph: int, attribution: Attribution) -> Quote:
    speaker: Speaker | None = attribution.speaker
    fields = {}
    if speaker is not None:
        fields = dict(
            speaker=speaker.name, speaker_mention=speaker.mention or None, speaker_kind=speaker.kind,
            speaker_type=speaker.type, role=speaker.role, affiliation=speaker.affiliation,
            affiliation_acronym=speaker.affiliation_acronym, affiliation_kind=speaker.affiliation_kind,
            affiliation_country=speaker.affiliation_country, speaker_aliases=list(speaker.aliases),
            affiliation_aliases=list(speaker.affiliation_aliases),
        )
    return Quote(text=text[start:end], type=kind, start=start, end=end, paragraph=paragraph, cue=attribution.cue,
                 rule=attribution.rule, confidence=attribution.confidence, **fields)


def extract(text: str, language: str = "en", doc: Document | None = None) -> list[Quote]:
    """Every direct and indirect quotation in ``text``, attributed where the article allows.

    ``doc`` is the backend's annotation of ``text`` (the rules backend's when not given): its
    sentences frame every stage; PERSON/ORG entities and verb subjects are used when present.
    """
    if not text:
        return []
    lexicon: Lexicon = load(language)
    if doc is None or getattr(doc, "text", None) != text:
        doc = rules_document(text, language)
    segmentation = document_segmentation(doc, text)
    quotes = find_quotes(text, segmentation.lines, lexicon.apostrophe_words)
    frames = build_frames(segmentation, quotes, lexicon)
    cues = find_cues(text, frames, lexicon)
    _apply_subjects(cues, dependency_subjects(doc, text))
    indirect = find_indirect(text, frames, cues, quotes, lexicon)
    registry = Registry(text, lexicon, neural_entities(doc, text))
    direct_attributions, indirect_attributions = attribute(text, frames, quotes, cues, indirect, registry, lexicon)
    lines = segmentation.lines
    records = [
        _record(text, quotes[i].start, quotes[i].end, "direct", lines[quotes[i].line].paragraph, attribution)
        for i, attribution in direct_attributions.items()
    ]
    records += [
        _record(text, indirect[i].start, indirect[i].end, "indirect", lines[frames[indirect[i].frame].line].paragraph,
                attribution)
        for i, attribution in indirect_attributions.items()
    ]
    records.sort(key=lambda q: (q.start, q.end, q.type))
    return records
