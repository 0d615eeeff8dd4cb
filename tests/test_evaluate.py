"""`quotedb evaluate`: its figures agree with ../shared/eval/score.py and identity.py, its breakdowns
(per attribution rule, per error class) count right, and it takes several gold sets at once."""
import importlib.util
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from quotedb import evaluate as evaluation
from quotedb.cli import cli

from .conftest import SEEDS, SHARED_EVAL

SCORER = SHARED_EVAL / "score.py"
IDENTITY = SHARED_EVAL / "identity.py"
GOLD = SHARED_EVAL / "seeds" / "gold.jsonl"
SPEAKERS = SHARED_EVAL / "real" / "speakers.jsonl"  # lists the seeds' speakers too
needs_kit = pytest.mark.skipif(
    not (SCORER.is_file() and IDENTITY.is_file() and GOLD.is_file() and SPEAKERS.is_file()),
    reason=f"the shared evaluation kit ({SHARED_EVAL}) is not beside this checkout",
)


def load_module(path):
    spec = importlib.util.spec_from_file_location(f"shared_eval_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))  # identity.py imports score.py beside it
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def invoke(*args):
    result = CliRunner().invoke(cli, ["evaluate", *map(str, args)])
    assert "Traceback" not in result.output
    return result


def run_evaluate(*args):
    result = invoke(*args, "--nlp", "rules")
    assert result.exit_code == 0, result.output
    return result.stdout


def run_json(*args):
    return json.loads(run_evaluate(*args, "--json"))


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def run_script(*args):
    done = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def contains_block(lines, block):
    return any(lines[i:i + len(block)] == block for i in range(len(lines)))


# ---- on the seeds, against the shared scorers ----------------------------------------------------

@pytest.fixture(scope="module")
def seed_predictions():
    [predictions] = evaluation.predict([SEEDS], nlp="rules")
    return predictions


@needs_kit
def test_builtin_scoring_agrees_with_score_py(seed_predictions):
    scorer = load_module(SCORER)
    gold = evaluation.load_gold(GOLD)
    assert gold == scorer.load(str(GOLD))
    ours, our_pairs = evaluation.score(gold, seed_predictions)
    theirs, their_pairs = scorer.score(gold, seed_predictions)
    assert ours == theirs
    assert [(id(g), id(p)) for g, p in our_pairs] == [(id(g), id(p)) for g, p in their_pairs]
    listed = evaluation.error_listing(gold, seed_predictions, our_pairs)
    assert sum(map(len, listed.values())) == len(scorer.errors(gold, seed_predictions, their_pairs))


@needs_kit
def test_builtin_identity_agrees_with_identity_py(seed_predictions):
    reference = load_module(IDENTITY)
    gold, speakers = evaluation.load_gold(GOLD), evaluation.load_speakers(SPEAKERS)
    ours = evaluation.identity(gold, speakers, seed_predictions)
    assert ours == reference.evaluate(gold, speakers, seed_predictions)
    assert ours[0]["type_scored"] > 100 and ours[0]["identity_scored"] >= 1


@needs_kit
def test_evaluate_command_prints_what_the_scorers_print(seed_predictions, tmp_path):
    output = run_evaluate(GOLD, SEEDS, "--speakers", SPEAKERS).splitlines()
    predicted = write_jsonl(tmp_path / "predicted.jsonl", seed_predictions)
    scorer_lines = run_script(SCORER, GOLD, predicted)
    assert contains_block(output, scorer_lines)  # the scorer's table and summary line, as it prints them
    assert output[-1] == run_script(IDENTITY, GOLD, SPEAKERS, predicted)[-1]
    figures = json.loads(run_evaluate(GOLD, SEEDS, "--json"))["sets"][0]["figures"]
    assert figures == load_module(SCORER).score(load_module(SCORER).load(str(GOLD)), seed_predictions)[0]


@needs_kit
def test_errors_listing_has_the_scorers_lines_per_document(tmp_path):
    gold = evaluation.load_gold(GOLD)
    # a copy of the seeds' gold with one quote per document given to another speaker, one dropped
    changed = [dict(g) for g in gold]
    for g in changed[:3]:
        g["speaker"], g["speaker_alt"], g["speaker_accept"] = "Nobody Here", [], []
    gold_file = write_jsonl(tmp_path / "gold.jsonl", changed[:-1])
    [predictions] = evaluation.predict([SEEDS], nlp="rules")
    scored = run_script(SCORER, gold_file, write_jsonl(tmp_path / "p.jsonl", predictions), "--errors")
    scorer_lines = scored[:-5]  # less the table and the summary line
    lines = run_evaluate(gold_file, SEEDS, "--errors").splitlines()
    listed = lines[1:lines.index("")]
    items = [line for line in listed if line.startswith("  ")]
    assert len(items) == len(scorer_lines) >= 4
    for line in scorer_lines:  # each scorer line is ours with its document as a heading instead
        tag, doc, rest = line.split(None, 2)
        heading = listed.index(doc)
        section = listed[heading + 1:]
        section = section[:next((i for i, s in enumerate(section) if not s.startswith("  ")), len(section))]
        assert any(s.startswith(f"  {tag}") and rest.split("(")[0].strip() in s for s in section), line


# ---- the breakdowns, on hand-made records ---------------------------------------------------------

PERSON = {"doc": "d.txt", "text": "x", "type": "direct", "speaker": "Kim Min-seok", "speaker_alt": ["Kim Min Seok"],
          "speaker_kind": "person", "affiliation": "Ministry of Trade, Industry and Resources",
          "affiliation_alt": ["Trade Ministry"]}
ORGANIZATION = {"doc": "d.txt", "text": "x", "type": "indirect", "speaker": "Unification Ministry",
                "speaker_kind": "organization"}
UNNAMED = {"doc": "d.txt", "text": "x", "type": "indirect", "speaker": None, "speaker_kind": "anonymous"}


@pytest.mark.parametrize("gold, predicted, expected", [
    (PERSON, {"speaker": None}, "left unattributed"),
    (PERSON, {"speaker": None, "speaker_kind": "anonymous"}, "made anonymous"),
    (UNNAMED, {"speaker": "Park Ji-won", "speaker_kind": "person"}, "named an unnamed source"),
    (PERSON, {"speaker": "Min-seok", "speaker_kind": "person"}, "part of the name"),
    (PERSON, {"speaker": "Kim", "speaker_kind": "person"}, "part of the name"),
    (PERSON, {"speaker": "Daily News Kim Min-seok", "speaker_kind": "person"}, "name plus words"),
    (PERSON, {"speaker": "the Trade Ministry", "speaker_kind": "organization"}, "their organization"),
    (PERSON, {"speaker": "Kim Jong-un", "speaker_kind": "person"}, "shares a name word"),
    (PERSON, {"speaker": "Korean Central News Agency", "speaker_kind": "organization"}, "organization for a person"),
    (ORGANIZATION, {"speaker": "Chung Dong-young", "speaker_kind": "person"}, "person for an organization"),
    (PERSON, {"speaker": "Lee Jae-myung", "speaker_kind": "person"}, "another person"),
    (ORGANIZATION, {"speaker": "Defense Agency", "speaker_kind": "organization"}, "another organization"),
    (ORGANIZATION, {"speaker": "Seoul and Tokyo", "speaker_kind": "group"}, "another speaker"),
])
def test_wrong_speakers_are_classified(gold, predicted, expected):
    assert not evaluation.speaker_ok(gold, predicted)
    assert evaluation.speaker_error(gold, predicted) == expected


@pytest.mark.parametrize("affiliation, expected", [
    (None, "none given"),
    ("Ministry of Trade", "part of the name"),
    ("South Korea's Ministry of Trade, Industry and Resources", "name plus words"),
    ("Ministry of Energy", "another organization"),
    ("Asan Institute", "another organization"),
])
def test_wrong_affiliations_are_classified(affiliation, expected):
    assert not evaluation.affiliation_ok(PERSON, {"affiliation": affiliation})
    assert evaluation.affiliation_error(PERSON, {"affiliation": affiliation}) == expected


def test_speaker_rule_is_the_scorers():
    # an unnamed source left unnamed is right even where the gold accepts a name
    accepting = {**UNNAMED, "speaker_accept": ["Korean Central News Agency"]}
    assert evaluation.speaker_ok(accepting, {"speaker": None})
    assert evaluation.speaker_ok(accepting, {"speaker": "the Korean Central News Agency"})
    assert not evaluation.speaker_ok(PERSON, {"speaker": ""})
    assert evaluation.speaker_ok(PERSON, {"speaker": "kim min seok"})
    if SCORER.is_file():
        scorer = load_module(SCORER)
        for gold in (accepting, PERSON, UNNAMED):
            for name in (None, "", "Korean Central News Agency", "Kim Min-seok", "Kim"):
                assert evaluation.speaker_ok(gold, {"speaker": name}) == scorer.speaker_ok(gold, {"speaker": name})


def test_rule_table_and_error_classes_count_each_quote_once():
    def gold(text, **fields):
        return {**PERSON, "text": text, **fields}

    golds = [gold("alpha beta", type="direct"), gold("gamma delta", type="indirect"),
             gold("epsilon zeta", type="indirect", speaker_kind="group", affiliation=None),
             gold("eta theta", type="direct"), gold("iota kappa", optional=True)]
    right = {"speaker": "Kim Min-seok", "affiliation": "Trade Ministry"}
    preds = [{"doc": "d.txt", "text": "alpha beta", "rule": "cue-same-sentence", **right},
             {"doc": "d.txt", "text": "gamma delta", "rule": "surname", "speaker": "Kim", "affiliation": None},
             {"doc": "d.txt", "text": "epsilon zeta", "rule": "surname", **right},
             {"doc": "d.txt", "text": "iota kappa", "rule": "pronoun", "speaker": None},  # optional: not counted
             {"doc": "d.txt", "text": "lambda mu", "type": "direct", "rule": "continuation", "speaker": None}]
    figures, pairs = evaluation.score(golds, preds)
    rules = evaluation.rule_table(preds, pairs)
    assert list(rules) == ["surname", "cue-same-sentence", "continuation"]  # most speakers lost, then most fired
    assert {k: rules["surname"][k] for k in evaluation.RULE_COUNTS} == {
        "matched": 2, "speaker_right": 1, "affiliation_scored": 1, "affiliation_right": 0, "spurious": 0}
    assert rules["continuation"]["spurious"] == 1 and rules["continuation"]["matched"] == 0
    assert rules["cue-same-sentence"]["affiliation_accuracy"] == 1.0
    breakdown = evaluation.error_classes(golds, preds, pairs)
    classes = breakdown["classes"]
    assert classes["gold"] == {"direct": 2, "indirect": 2, "person": 3, "organization": 0, "anonymous": 0,
                               "group": 1, "all": 4}
    assert classes["missed"]["all"] == classes["gold"]["all"] - classes["matched"]["all"] == 1
    assert classes["missed"]["direct"] == 1
    assert classes["spurious"] == {"direct": 1, "indirect": 0, "person": None, "organization": None,
                                   "anonymous": None, "group": None, "all": 1}
    every = figures["all"]
    assert classes["wrong speaker"]["all"] == round(every["matched"] * (1 - every["speaker_accuracy"])) == 1
    assert breakdown["wrong_speakers"]["part of the name"]["indirect"] == 1
    assert classes["affiliation scored"]["all"] == figures["all"]["affiliation_scored"] == 2
    assert breakdown["wrong_affiliations"]["none given"]["all"] == classes["wrong affiliation"]["all"] == 1


def test_identity_counts_profiles_and_types():
    speakers = [{"id": "ahn", "name": "Ahn Gyu-back", "names": ["Ahn Gyu-baek"], "type": "official"},
                {"id": "yoon", "name": "Yoon Hee-jin", "type": "expert"}]
    golds = [{"doc": doc, "text": text, "speaker": "Ahn Gyu-back", "speaker_alt": ["Ahn Gyu-baek"]}
             for doc, text in (("a.txt", "one two"), ("b.txt", "three four"))]
    golds.append({"doc": "b.txt", "text": "five six", "speaker": "Yoon Hee-jin"})
    preds = [{"doc": "a.txt", "text": "one two", "speaker": "Ahn Gyu-back", "speaker_type": "official"},
             {"doc": "b.txt", "text": "three four", "speaker": "Ahn Gyu-baek", "speaker_type": "official"},
             {"doc": "b.txt", "text": "five six", "speaker": "Ahn Gyu-back", "speaker_type": "official"}]
    result = evaluation.identity(golds, speakers, preds)
    figures, type_errors, split, merged = result
    assert figures == {"merged": 1, "type_scored": 3, "type_accuracy": 2 / 3, "identity_scored": 1, "identity": 0.0}
    assert type_errors == [("Yoon Hee-jin", "expert", "official")]
    assert split == {"ahn": ["ahn gyu back", "ahn gyu baek"]}
    assert merged == {"ahn gyu back": ["ahn", "yoon"]}
    if IDENTITY.is_file():
        assert result == load_module(IDENTITY).evaluate(golds, speakers, preds)


# ---- the command on tiny invented sets -----------------------------------------------------------

DOC = (
    "Kang Tae-hoon, a senior analyst at the Sejong Institute, said the talks would fail.\n\n"
    '"We will not attend the meeting in Geneva," the Unification Ministry said.\n\n'
    "Moon Ha-eun, a professor at Korea University, said the aid would arrive in May.\n\n"
    "The weather in Seoul turned cold on Friday.\n\n"
    "Analysts said the market would recover soon.\n\n"
    '"Peace is near," Ryu said.'
)
TINY_GOLD = [
    # right quote, speaker and affiliation
    {"text": "the talks would fail", "type": "indirect", "speaker": "Kang Tae-hoon", "speaker_kind": "person",
     "affiliation": "Sejong Institute"},
    # found, but the gold names another speaker: wrong speaker
    {"text": "We will not attend the meeting in Geneva,", "type": "direct", "speaker": "Korea Institute for Peace",
     "speaker_kind": "organization", "speaker_alt": []},
    # right speaker, another affiliation: wrong affiliation
    {"text": "the aid would arrive in May", "type": "indirect", "speaker": "Moon Ha-eun", "speaker_kind": "person",
     "affiliation": "Yonsei University", "affiliation_alt": []},
    # nothing says this, so the pipeline misses it: missed
    {"text": "The weather in Seoul turned cold on Friday", "type": "indirect", "speaker": None,
     "speaker_kind": "anonymous"},
    # optional: counts neither way
    {"text": "Peace is near,", "type": "direct", "speaker": "Ryu", "optional": True},
    # "Analysts said ..." is predicted and not in the gold: spurious
]
SECOND_DOC = ('"Prices will fall next year," said Kang Tae-hoon, a senior analyst at the Sejong Institute.\n\n'
              "Analysts said the market would recover soon.")
SECOND_GOLD = [
    {"text": "Prices will fall next year,", "type": "direct", "speaker": "Kang Tae-hoon", "speaker_kind": "person",
     "affiliation": "Sejong Institute"},
    {"text": "the market would recover soon", "type": "indirect", "speaker": None, "speaker_kind": "anonymous"},
]
TINY_SPEAKERS = [
    {"id": "kang", "name": "Kang Tae-hoon", "names": ["Kang Tae-hoon"], "kind": "person", "type": "expert"},
    {"id": "moon", "name": "Moon Ha-eun", "names": ["Moon Ha-eun"], "kind": "person", "type": "expert"},
]


def make_set(folder, doc_name, text, gold_rows):
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / doc_name).write_text(text, encoding="utf-8")
    gold = write_jsonl(folder / "gold.jsonl", [{"doc": doc_name, **g} for g in gold_rows])
    return gold, docs


@pytest.fixture
def tiny(tmp_path):
    return make_set(tmp_path / "one", "tiny.txt", DOC, TINY_GOLD)


@pytest.fixture
def second(tmp_path):
    return make_set(tmp_path / "two", "second.txt", SECOND_DOC, SECOND_GOLD)


def test_tiny_gold_figures_and_error_classes(tiny):
    [scored] = run_json(*tiny)["sets"]
    every = scored["figures"]["all"]
    assert (every["gold"], every["predicted"], every["matched"]) == (4, 4, 3)
    assert every["precision"] == every["recall"] == every["f1"] == pytest.approx(0.75)
    assert every["speaker_accuracy"] == pytest.approx(2 / 3)
    assert every["affiliation_accuracy"] == pytest.approx(0.5)
    assert every["e2e_f1"] == pytest.approx(0.5)
    assert (scored["figures"]["direct"]["gold"], scored["figures"]["indirect"]["gold"]) == (1, 3)
    classes = scored["classes"]
    assert {name: classes[name]["all"] for name in ("missed", "spurious", "wrong speaker", "wrong affiliation")} == \
        {"missed": 1, "spurious": 1, "wrong speaker": 1, "wrong affiliation": 1}
    assert classes["missed"]["anonymous"] == classes["missed"]["indirect"] == 1
    assert scored["wrong_speakers"]["another organization"] == {
        "direct": 1, "indirect": 0, "person": 0, "organization": 1, "anonymous": 0, "group": 0, "all": 1}
    assert scored["wrong_affiliations"]["another organization"]["person"] == 1
    assert scored["rules"]["cue-same-sentence"]["matched"] == 3
    assert "errors" not in scored


def test_tiny_gold_text_output(tiny):
    lines = run_evaluate(*tiny).splitlines()
    assert lines[0] == f"== {tiny[0]} on {tiny[1]}"
    assert lines[1].split() == ["rule", "matched", "spk", "ok", "spk", "acc", "wrong", "aff", "n", "aff", "ok",
                                "aff", "acc", "spurious"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:lines.index("")]}
    assert rows["all"] == ["3", "2", "0.667", "1", "2", "1", "0.500", "1"]
    table = lines[lines.index("") + 1:]
    table = [(line[:28].rstrip(), line[28:].split()) for line in table[:table.index("")]]
    assert [name for name, _ in table] == [
        "error class", "gold", "missed", "spurious", "matched", "wrong speaker", "  another organization",
        "affiliation scored", "wrong affiliation", "  another organization"]
    assert table[0][1] == ["direct", "indirect", "person", "org", "anon", "group", "all"]
    assert table[3][1] == ["0", "1", "-", "-", "-", "-", "1"]  # spurious: by their own type only
    assert table[6][1] == ["1", "0", "0", "1", "0", "0", "1"]
    assert table[9][1] == ["0", "1", "1", "0", "0", "0", "1"]
    assert lines[-1] == "e2e_f1=0.500 quote_f1=0.750 speaker_acc=0.667 affiliation_acc=0.500"


def test_tiny_gold_errors_are_listed_per_document(tiny):
    lines = run_evaluate(*tiny, "--errors").splitlines()
    assert lines[1] == "tiny.txt"
    listed = lines[2:lines.index("")]
    by_tag = {line.split()[0]: line for line in listed}
    assert len(by_tag) == len(listed) == 4
    assert "The weather in Seoul" in by_tag["MISSED"]
    assert "the market would recover soon" in by_tag["SPURIOUS"] and "[cue-same-sentence]" in by_tag["SPURIOUS"]
    assert "got 'Unification Ministry', want 'Korea Institute for Peace'" in by_tag["SPEAKER"]
    assert "another organization" in by_tag["SPEAKER"]
    assert "got 'Korea University', want 'Yonsei University'" in by_tag["AFFIL"]
    errors = run_json(*tiny, "--errors")["sets"][0]["errors"]
    assert errors == {"tiny.txt": [line.strip() for line in listed]}


def test_several_gold_sets_are_scored_each_on_its_documents(tiny, second, tmp_path):
    speakers = write_jsonl(tmp_path / "speakers.jsonl", TINY_SPEAKERS)
    result = invoke(*tiny, *second, "--speakers", speakers, "--nlp", "rules", "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    first, other = figures["sets"]
    assert (first["gold"], first["docs"], other["gold"], other["docs"]) == tuple(map(str, (*tiny, *second)))
    assert first["figures"]["all"]["e2e_f1"] == pytest.approx(0.5)  # as when scored alone
    assert other["figures"]["all"]["matched"] == other["figures"]["all"]["predicted"] == 2
    assert other["classes"]["spurious"]["all"] == 0  # the other set's documents are not this one's spurious
    # Kang Tae-hoon, named alike in both sets' documents, is one profile
    assert (figures["identity"]["identity_scored"], figures["identity"]["identity"]) == (1, 1.0)
    text = run_evaluate(*tiny, *second, "--speakers", speakers).splitlines()
    assert text[-2:] == ["== speakers", evaluation.identity_line(figures["identity"])]
    assert [line for line in text if line.startswith("== ")] == [
        f"== {tiny[0]} on {tiny[1]}", f"== {second[0]} on {second[1]}", "== speakers"]


@needs_kit
def test_several_gold_sets_agree_with_the_scorers(tiny, second, tmp_path):
    speakers = write_jsonl(tmp_path / "speakers.jsonl", TINY_SPEAKERS)
    figures = run_json(*tiny, *second, "--speakers", speakers)
    predictions = evaluation.predict([tiny[1], second[1]], nlp="rules")
    scorer, reference = load_module(SCORER), load_module(IDENTITY)
    for scored, (gold, _), pred in zip(figures["sets"], (tiny, second), predictions):
        assert scored["figures"] == json.loads(json.dumps(scorer.score(scorer.load(str(gold)), pred)[0]))
    all_gold = scorer.load(str(tiny[0])) + scorer.load(str(second[0]))
    assert figures["identity"] == reference.evaluate(all_gold, TINY_SPEAKERS, predictions[0] + predictions[1])[0]


def test_gold_naming_absent_documents_is_warned_about(tiny, second):
    result = invoke(tiny[0], second[1], "--nlp", "rules")  # the first set's gold with the second's folder
    assert result.exit_code == 0, result.output
    assert f"warning: {tiny[0]}: 1 documents it names are not in {second[1]}" in result.stderr


def test_a_document_read_twice_is_scored_once_with_a_warning(tiny, tmp_path):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "tiny.txt").write_text(DOC, encoding="utf-8")
    result = invoke(*tiny, tiny[0], copy, "--nlp", "rules", "--json")
    assert result.exit_code == 0, result.output
    assert f"warning: {copy}: 1 documents repeat the content of documents read before them" in result.stderr
    first, second = json.loads(result.stdout)["sets"]
    assert (first["figures"]["all"]["predicted"], second["figures"]["all"]["predicted"]) == (4, 0)
    # the same folder twice is no repetition: both sets get its quotes
    result = invoke(*tiny, *tiny, "--nlp", "rules", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    first, second = json.loads(result.stdout)["sets"]
    assert first == second


def test_an_unreadable_document_is_reported_and_fails_the_run(tiny):
    gold, docs = tiny
    (docs / "broken.txt").write_bytes(b"bad\x00\x00binary")  # NUL bytes, no byte-order mark
    result = invoke(gold, docs, "--nlp", "rules")
    assert result.exit_code == 1
    assert f"error: {docs / 'broken.txt'}: " in result.stderr
    assert result.stdout.splitlines()[-1] == "e2e_f1=0.500 quote_f1=0.750 speaker_acc=0.667 affiliation_acc=0.500"


@pytest.mark.parametrize("make_args, message", [
    (lambda gold, docs: [gold], "pairs GOLD DOCS_DIR"),
    (lambda gold, docs: [gold, docs, gold], "got 3 paths"),
    (lambda gold, docs: [docs, gold], "not a gold file followed by a documents folder"),
    (lambda gold, docs: [gold, gold], "not a gold file followed by a documents folder"),
])
def test_bad_arguments_get_one_clear_message(tiny, make_args, message):
    result = invoke(*make_args(*tiny))
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize("line, message", [
    ("{not json", "gold.jsonl:2: not JSON"),
    ('{"doc": "tiny.txt"}', "gold.jsonl:2: no text"),
    ('["doc", "text"]', "gold.jsonl:2: no doc or text"),
])
def test_malformed_gold_gets_one_clear_message(tiny, line, message):
    gold, docs = tiny
    gold.write_text(gold.read_text(encoding="utf-8").splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    result = invoke(gold, docs, "--nlp", "rules")
    assert result.exit_code == 1
    assert message in result.output


def test_gold_that_is_not_utf8_gets_one_clear_message(tiny):
    gold, docs = tiny
    gold.write_bytes(b'{"doc": "tiny.txt", "text": "\xff"}\n')
    result = invoke(gold, docs, "--nlp", "rules")
    assert result.exit_code == 1
    assert f"{gold}: not UTF-8 text" in result.output


def test_malformed_speakers_file_gets_one_clear_message(tiny, tmp_path):
    speakers = write_jsonl(tmp_path / "speakers.jsonl", [{"id": "kang", "name": "Kang Tae-hoon"}])
    result = invoke(*tiny, "--speakers", speakers, "--nlp", "rules")
    assert result.exit_code == 1
    assert "speakers.jsonl:1: no type" in result.output
