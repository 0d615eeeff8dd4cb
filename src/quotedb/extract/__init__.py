"""Article text in, Quote records out: a pure function over the extraction stages.

segment (annotation) -> direct quotes (quotes) -> frames (frames) -> cues (cues) -> reported speech
(reported) -> people and organizations (entities) -> attribution (attribution) -> Quote records.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..annotate import rules_document
from ..lexicon import Lexicon, load
from ..records import Quote
from .annotation import dependency_subjects, document_segmentation, neural_entities
from .attribution import Attribution, attribute
from .cues import find_cues
from .entities import Speaker, find_entities
from .frames import build_frames
from .quotes import find_quotes
from .reported import find_indirect

if TYPE_CHECKING:
    from stanza.models.common.doc import Document


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
    registry = find_entities(text, lexicon, neural_entities(doc, text))
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
