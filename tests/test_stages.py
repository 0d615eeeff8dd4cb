"""The extraction as declared stages: each reads the layers it requires and writes only the one it
provides; a pipeline in the wrong order fails when it is built, naming what is missing; a stage
runs alone on hand-written layers.
"""
from __future__ import annotations

import dataclasses

import pytest

from quotedb.clean import clean_text
from quotedb.extract import PIPELINE, STAGE_ORDER, analyse
from quotedb.extract.attribution import Attribution, Attributions
from quotedb.extract.cues import Cue, with_parse_subjects
from quotedb.extract.doc import QuoteDoc
from quotedb.extract.entities import Speaker
from quotedb.extract.stage import STAGES, Pipeline, StageRequirementsError
from quotedb.lexicon import load
from quotedb.nlp.base import SENTENCES, Annotation
from quotedb.nlp.rules import rules_annotation

from .conftest import SEEDS


def _plain(value, depth: int = 0):
    """A comparable copy of a layer: dataclasses and slotted objects as dicts of their public fields
    (the language data and private caches left out), sets sorted."""
    if depth > 12 or value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, dict):
        return {repr(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(map(repr, value))
    if dataclasses.is_dataclass(value):
        names = [f.name for f in dataclasses.fields(value)]
    else:
        names = list(getattr(value, "__slots__", ())) or list(vars(value))
    return {name: _plain(getattr(value, name), depth + 1) for name in names
            if not name.startswith("_") and name not in ("lex", "lang")}


def _run_recording(doc: QuoteDoc) -> dict:
    """Run the pipeline stage by stage; each layer as it was right after its stage."""
    recorded = {}
    for stage in PIPELINE.stages:
        setattr(doc, stage.provides, stage.run(**{layer: getattr(doc, layer) for layer in stage.requires}))
        recorded[stage.provides] = _plain(getattr(doc, stage.provides))
    return recorded


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_no_stage_changes_an_earlier_layer(path):
    article = clean_text(path.read_text(encoding="utf-8"))
    text, language = article.text, article.language
    doc = QuoteDoc(text, load(language), rules_annotation(text, language))
    recorded = _run_recording(doc)
    assert doc.records, "a seed article has quotes"
    for layer, right_after in recorded.items():
        assert _plain(getattr(doc, layer)) == right_after, f"a stage after the one providing {layer!r} changed it"


def test_the_default_order_provides_every_layer_once():
    provided = [STAGES[name].provides for name in STAGE_ORDER]
    assert len(provided) == len(set(provided))
    assert provided[-1] == "records"


def test_a_stage_before_its_requirements_fails_when_the_pipeline_is_built():
    with pytest.raises(StageRequirementsError, match=r"stage 'frames' requires segmentation, quotes"):
        Pipeline(["frames", "segment", "quotes"])
    with pytest.raises(StageRequirementsError, match=r"stage 'attribution' requires .*entities"):
        Pipeline([name for name in STAGE_ORDER if name != "entities"])


def test_an_unknown_stage_is_named():
    with pytest.raises(StageRequirementsError, match=r"unknown stage 'sentiment'"):
        Pipeline(["segment", "sentiment"])


def test_a_pipeline_may_start_from_given_layers():
    text = 'Kim said "the talks failed."'
    upstream = analyse(text)
    records_only = Pipeline(["records"], given=["text", "segmentation", "frames", "quotes", "reported", "attributions"])
    doc = QuoteDoc(text, load("en"), upstream.annotation, segmentation=upstream.segmentation, quotes=upstream.quotes,
                   frames=upstream.frames, reported=upstream.reported, attributions=upstream.attributions)
    assert records_only(doc).records == upstream.records


def test_subjects_and_entities_are_read_only_where_the_annotation_provides_them():
    text = "Kim Min-su, an envoy, said the talks failed."
    rules = rules_annotation(text)
    said = text.index("said")
    unprovided = Annotation(text, "test", rules.segmentation, frozenset({SENTENCES}),
                            entities=((0, 3, "ORG"),), subjects={said: ((15, 20), (12, 20))})
    doc = analyse(text, "en", unprovided)
    assert doc.cues is doc.rule_cues  # no dependencies: the rules' cues stand
    assert "org:kim" not in doc.entities.orgs  # no NER: the span is not read
    assert [q.speaker for q in doc.records] == [q.speaker for q in analyse(text, "en", rules).records]


def test_parse_subjects_gives_new_cues_and_leaves_the_rules_cues_alone():
    outside = Cue(0, 40, 44, "say", "clause", source=(30, 39))  # the rules took a modifier: "Singapore"
    inside = Cue(0, 80, 84, "say", "clause", source=(60, 70))
    inherited = Cue(0, 90, 96, "add", "clause", inherit=True)
    subjects = {40: ((4, 14), (0, 14)), 80: ((64, 68), (60, 68)), 90: ((0, 3), (0, 3))}
    refined = with_parse_subjects([outside, inside, inherited], subjects)
    assert refined[0].source == (0, 14) and outside.source == (30, 39)
    assert refined[1] is inside  # the rules' source holds the parsed head: kept
    assert refined[2] is inherited  # a cue that speaks for the sentence's speaker takes no subject


def test_the_records_stage_alone_on_hand_written_layers():
    text = 'Kim said "the talks failed."'
    upstream = analyse(text)
    speaker = Speaker("Kim Jong-un", "person", "official", key="person:kim")
    attributions = Attributions({0: Attribution(speaker, "said", "cue-same-sentence", 0.9)}, {}, upstream.entities)
    [record] = STAGES["records"].run(text, upstream.segmentation, upstream.frames, upstream.quotes, [], attributions)
    assert (record.text, record.speaker, record.rule, record.cue) == ("the talks failed.", "Kim Jong-un",
                                                                       "cue-same-sentence", "said")
