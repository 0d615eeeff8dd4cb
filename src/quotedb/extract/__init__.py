"""Article text in, Quote records out: a pure function over declared stages.

Each stage below names the layers it reads and the one it writes (see ``stage.py``); in order:

==============  ==================================================  ==============  ===========================
stage           requires                                            provides        uses if the backend has it
==============  ==================================================  ==============  ===========================
segment         annotation                                          segmentation
quotes          text, segmentation, lang                            quotes
frames          segmentation, quotes, lang                          frames
cues            text, frames, lang                                  rule_cues
parse_subjects  rule_cues, annotation                               cues            dependencies
reported        text, frames, cues, quotes, lang                    reported
entities        text, lang, annotation                              entities        entities
attribution     text, frames, quotes, cues, reported, entities,     attributions
                lang
records         text, segmentation, frames, quotes, reported,       records
                attributions
==============  ==================================================  ==============  ===========================

``extract(text, language, doc)`` runs them and returns the records; ``analyse`` returns every
layer (the stage snapshots read them). A language without a pack (see ``quotedb.lang``) is not read
as another: its text goes through segment, quotes and ``marks_only``, which records every quotation
found by its marks unattributed, with the rule "unsupported-language".
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..lang import LanguagePack, pack, supports
from ..nlp.base import DEPENDENCIES, ENTITIES, Annotation
from ..nlp.rules import rules_annotation
from ..records import Quote
from .attribution import Attribution, Attributions, attribute
from .cues import Cue, find_cues, with_parse_subjects
from .doc import QuoteDoc
from .entities import Registry, find_entities
from .frames import Frame, build_frames
from .quotes import QuoteSpan, find_quotes
from .reported import IndirectQuote, find_indirect
from .stage import Pipeline, stage

if TYPE_CHECKING:
    from ..nlp.base import Segmentation


@stage("segment", requires=["annotation"], provides="segmentation")
def _segment(annotation: Annotation) -> Segmentation:
    return annotation.segmentation


@stage("quotes", requires=["text", "segmentation", "lang"], provides="quotes")
def _quotes(text: str, segmentation: Segmentation, lang: LanguagePack) -> list[QuoteSpan]:
    return find_quotes(text, segmentation.lines, lang.apostrophe_words)


@stage("frames", requires=["segmentation", "quotes", "lang"], provides="frames")
def _frames(segmentation: Segmentation, quotes: list[QuoteSpan], lang: LanguagePack) -> list[Frame]:
    return build_frames(segmentation, quotes, lang)


@stage("cues", requires=["text", "frames", "lang"], provides="rule_cues")
def _cues(text: str, frames: list[Frame], lang: LanguagePack) -> list[Cue]:
    return find_cues(text, frames, lang)


@stage("parse_subjects", requires=["rule_cues", "annotation"], provides="cues", uses=[DEPENDENCIES])
def _parse_subjects(rule_cues: list[Cue], annotation: Annotation) -> list[Cue]:
    if DEPENDENCIES not in annotation.provides:
        return rule_cues
    return with_parse_subjects(rule_cues, annotation.subjects)


@stage("reported", requires=["text", "frames", "cues", "quotes", "lang"], provides="reported")
def _reported(text: str, frames: list[Frame], cues: list[Cue], quotes: list[QuoteSpan],
              lang: LanguagePack) -> list[IndirectQuote]:
    return find_indirect(text, frames, cues, quotes, lang)


@stage("entities", requires=["text", "lang", "annotation"], provides="entities", uses=[ENTITIES])
def _entities(text: str, lang: LanguagePack, annotation: Annotation) -> Registry:
    return find_entities(text, lang, annotation.entities if ENTITIES in annotation.provides else ())


@stage("attribution", requires=["text", "frames", "quotes", "cues", "reported", "entities", "lang"],
       provides="attributions")
def _attribution(text: str, frames: list[Frame], quotes: list[QuoteSpan], cues: list[Cue],
                 reported: list[IndirectQuote], entities: Registry, lang: LanguagePack) -> Attributions:
    return attribute(text, frames, quotes, cues, reported, entities, lang)


@stage("records", requires=["text", "segmentation", "frames", "quotes", "reported", "attributions"],
       provides="records")
def _records(text: str, segmentation: Segmentation, frames: list[Frame], quotes: list[QuoteSpan],
             reported: list[IndirectQuote], attributions: Attributions) -> list[Quote]:
    lines = segmentation.lines
    records = [
        _record(text, quotes[i].start, quotes[i].end, "direct", lines[quotes[i].line].paragraph, attribution)
        for i, attribution in attributions.direct.items()
    ]
    records += [
        _record(text, reported[i].start, reported[i].end, "indirect",
                lines[frames[reported[i].frame].line].paragraph, attribution)
        for i, attribution in attributions.reported.items()
    ]
    records.sort(key=lambda q: (q.start, q.end, q.type))
    return records


def _record(text: str, start: int, end: int, kind: str, paragraph: int, attribution: Attribution) -> Quote:
    speaker = attribution.speaker
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


@stage("marks_only", requires=["text", "segmentation", "quotes"], provides="records")
def _marks_only(text: str, segmentation: Segmentation, quotes: list[QuoteSpan]) -> list[Quote]:
    """For a language without a pack: the quotations its marks show, none attributed."""
    lines = segmentation.lines
    return [Quote(text=text[q.start:q.end], type="direct", start=q.start, end=q.end, paragraph=lines[q.line].paragraph,
                  rule=UNSUPPORTED_LANGUAGE, confidence=0.0) for q in quotes]


UNSUPPORTED_LANGUAGE = "unsupported-language"
STAGE_ORDER = ("segment", "quotes", "frames", "cues", "parse_subjects", "reported", "entities", "attribution",
               "records")
PIPELINE = Pipeline(STAGE_ORDER)
MARKS_ONLY = Pipeline(("segment", "quotes", "marks_only"))


def analyse(text: str, language: str = "en", annotation: Annotation | None = None) -> QuoteDoc:
    """Every layer of the extraction of ``text`` (see ``extract``)."""
    if annotation is None or annotation.text != text:
        annotation = rules_annotation(text, language)
    pipeline = PIPELINE if supports(language) else MARKS_ONLY
    return pipeline(QuoteDoc(text, pack(language), annotation))


def extract(text: str, language: str = "en", annotation: Annotation | None = None) -> list[Quote]:
    """Every direct and indirect quotation in ``text``, attributed where the article allows.

    ``annotation`` is a backend's reading of ``text`` (the rules backend's when not given): its
    sentences frame every stage; PERSON/ORG entities and verb subjects are used when it provides
    them. In a language without a pack, the quotations come unattributed (rule "unsupported-language").
    """
    if not text:
        return []
    return analyse(text, language, annotation).records
