"""Article text in, Quote records out: a pure function over the extraction stages.

segmentation (the annotation's) -> direct quotes (quotes) -> frames and cues, indirect speech (indirect)
-> people and organizations (affiliation) -> attribution (attribute) -> Quote records.
"""
from __future__ import annotations

from .affiliation import Registry, Speaker
from .attribute import Attribution, attribute
from .indirect import build_frames, find_cues, find_indirect
from .lexicon import Lexicon, load
from .nlp.base import DEPENDENCIES, ENTITIES, Annotation
from .nlp.rules import rules_annotation
from .quotes import find_quotes
from .records import Quote


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


def extract(text: str, language: str = "en", annotation: Annotation | None = None) -> list[Quote]:
    """Every direct and indirect quotation in ``text``, attributed where the article allows.

    ``annotation`` is a backend's reading of ``text`` (the rules backend's when not given): its
    sentences frame every stage; PERSON/ORG entities and verb subjects are used when it provides them.
    """
    if not text:
        return []
    lexicon: Lexicon = load(language)
    if annotation is None or annotation.text != text:
        annotation = rules_annotation(text, language)
    segmentation = annotation.segmentation
    quotes = find_quotes(text, segmentation.lines, lexicon.apostrophe_words)
    frames = build_frames(segmentation, quotes, lexicon)
    cues = find_cues(text, frames, lexicon)
    if DEPENDENCIES in annotation.provides:
        _apply_subjects(cues, annotation.subjects)
    indirect = find_indirect(text, frames, cues, quotes, lexicon)
    registry = Registry(text, lexicon, annotation.entities if ENTITIES in annotation.provides else ())
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
