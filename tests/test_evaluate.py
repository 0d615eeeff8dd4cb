"""`quotedb evaluate`: its figures agree with ../shared/eval/score.py, and its error breakdown counts right."""
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
GOLD = SHARED_EVAL / "seeds" / "gold.jsonl"
needs_kit = pytest.mark.skipif(
    not (SCORER.is_file() and GOLD.is_file()),
    reason=f"the shared evaluation kit ({SCORER} and {GOLD}) is not beside this checkout",
)
MEASURES = ("gold", "predicted", "matched", "precision", "recall", "f1", "speaker_accuracy",
            "affiliation_accuracy", "e2e_f1")
ERROR_KINDS = ("missed", "spurious", "wrong speaker", "wrong affiliation")


def load_scorer():
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_evaluate(gold, docs, *options):
    result = CliRunner().invoke(cli, ["evaluate", str(gold), str(docs), "--nlp", "rules", *options])
    assert result.exit_code == 0, result.output
    return result.output


def is_error_line(line):
    """An error is listed under its kind, indented by two spaces (the table's header has more)."""
    return line.startswith("  ") and not line.startswith("   ")


def split_output(output):
    """(error counts by kind, JSON figures or None, the table and summary lines)."""
    counts, rest = {}, []
    lines = output.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        head = line.split(":")[0]
        if head in ERROR_KINDS and not line.startswith(" "):
            counts[head] = int(line.split(":")[1])
        elif not is_error_line(line):
            rest = lines[index:]
            break
        index += 1
    figures = None
    if rest and rest[0].startswith("{"):
        end = rest.index("}") + 1
        figures = json.loads("\n".join(rest[:end]))
        rest = rest[end:]
    return counts, figures, rest


def scorer_figures(scorer, gold_path, predictions):
    return scorer.score(scorer.load(str(gold_path)), predictions)[0]


def assert_same(figures, reference):
    for kind in ("direct", "indirect", "all"):
        for measure in MEASURES:
            assert figures[kind][measure] == pytest.approx(reference[kind][measure], abs=1e-9), (kind, measure)


# ---- on the seeds --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_predictions():
    predictions, failures = evaluation.predict(SEEDS, nlp="rules")
    assert not failures
    return predictions


@needs_kit
def test_builtin_scoring_agrees_with_score_py(seed_predictions):
    scorer = load_scorer()
    gold = evaluation.load_jsonl(GOLD)
    assert gold == scorer.load(str(GOLD))
    ours, our_pairs = evaluation.score(gold, seed_predictions)
    theirs, their_pairs = scorer.score(gold, seed_predictions)
    assert_same(ours, theirs)
    assert len(our_pairs) == len(their_pairs)
    # the error lists name the same number of problems as score.py's --errors
    ours_errors = evaluation.errors(gold, seed_predictions, our_pairs)
    assert sum(map(len, ours_errors.values())) == len(scorer.errors(gold, seed_predictions, their_pairs))


@needs_kit
def test_evaluate_command_on_the_seeds_agrees_with_score_py(seed_predictions, tmp_path):
    output = run_evaluate(GOLD, SEEDS, "--json")
    counts, figures, tail = split_output(output)
    assert set(counts) == set(ERROR_KINDS)  # the breakdown by kind is printed, even when empty
    scorer = load_scorer()
    assert_same(figures, scorer_figures(scorer, GOLD, seed_predictions))
    # the summary line is the one score.py prints for the same predictions
    predicted = tmp_path / "predicted.jsonl"
    predicted.write_text("".join(json.dumps(p) + "\n" for p in seed_predictions), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(predicted)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert tail[-1] == done.stdout.splitlines()[-1]


@needs_kit
def test_evaluate_table_matches_score_py_table(tmp_path, seed_predictions):
    output = run_evaluate(GOLD, SEEDS, "--no-errors")
    predicted = tmp_path / "predicted.jsonl"
    predicted.write_text("".join(json.dumps(p) + "\n" for p in seed_predictions), encoding="utf-8")
    done = subprocess.run([sys.executable, str(SCORER), str(GOLD), str(predicted)],
                          capture_output=True, text=True, timeout=60)
    assert output.splitlines() == done.stdout.splitlines()


# ---- a tiny hand-made gold set ---------------------------------------------------------------------

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
    {"text": "the talks would fail", "type": "indirect", "speaker": "Kang Tae-hoon",
     "affiliation": "Sejong Institute"},
    # found, but the gold names another speaker: wrong speaker
    {"text": "We will not attend the meeting in Geneva,", "type": "direct", "speaker": "Korea Institute for Peace",
     "speaker_alt": []},
    # right speaker, another affiliation: wrong affiliation
    {"text": "the aid would arrive in May", "type": "indirect", "speaker": "Moon Ha-eun",
     "affiliation": "Yonsei University", "affiliation_alt": []},
    # nothing says this, so the pipeline misses it: missed
    {"text": "The weather in Seoul turned cold on Friday", "type": "indirect", "speaker": None},
    # optional: counts neither way
    {"text": "Peace is near,", "type": "direct", "speaker": "Ryu", "optional": True},
    # "Analysts said ..." is predicted and not in the gold: spurious
]


@pytest.fixture
def tiny(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "tiny.txt").write_text(DOC, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps({"doc": "tiny.txt", **g}) + "\n" for g in TINY_GOLD), encoding="utf-8")
    return gold, docs


def test_tiny_gold_error_counts(tiny):
    gold, docs = tiny
    counts, figures, tail = split_output(run_evaluate(gold, docs, "--json"))
    assert counts == {"missed": 1, "spurious": 1, "wrong speaker": 1, "wrong affiliation": 1}
    every = figures["all"]
    assert (every["gold"], every["predicted"], every["matched"]) == (4, 4, 3)
    assert every["precision"] == every["recall"] == every["f1"] == pytest.approx(0.75)
    assert every["speaker_accuracy"] == pytest.approx(2 / 3)
    assert every["affiliation_accuracy"] == pytest.approx(0.5)
    assert every["e2e_f1"] == pytest.approx(0.5)
    assert (figures["direct"]["gold"], figures["indirect"]["gold"]) == (1, 3)
    assert tail[-1] == "e2e_f1=0.500 quote_f1=0.750 speaker_acc=0.667 affiliation_acc=0.500"


def test_tiny_gold_error_lines_name_the_quotes(tiny):
    gold, docs = tiny
    output = run_evaluate(gold, docs)
    sections = {}
    current = None
    for line in output.splitlines():
        if line.split(":")[0] in ERROR_KINDS and not line.startswith(" "):
            current = line.split(":")[0]
            sections[current] = []
        elif is_error_line(line) and current:
            sections[current].append(line)
    assert "The weather in Seoul" in sections["missed"][0]
    assert "the market would recover soon" in sections["spurious"][0]
    assert "got 'Unification Ministry'" in sections["wrong speaker"][0]
    assert "got 'Korea University', want 'Yonsei University'" in sections["wrong affiliation"][0]


@needs_kit
def test_tiny_gold_agrees_with_score_py(tiny, tmp_path):
    gold, docs = tiny
    _, figures, _ = split_output(run_evaluate(gold, docs, "--json", "--no-errors"))
    predictions, _ = evaluation.predict(docs, nlp="rules")
    assert_same(figures, scorer_figures(load_scorer(), gold, predictions))
