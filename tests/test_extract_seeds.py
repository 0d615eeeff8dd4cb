"""The regression bar: ingest seeds/ with the rules backend, export, score with ../shared/eval/score.py.

Issue 3's bar (type "all"): quote F1 >= 0.93, speaker accuracy >= 0.95, affiliation accuracy >= 0.90,
end-to-end F1 >= 0.90. The seeds are ingested and exported once for the whole module.
"""
import importlib.util
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from quotedb.cli import cli

from .conftest import SEEDS, SHARED_EVAL

SCORER = SHARED_EVAL / "score.py"
GOLD = SHARED_EVAL / "seeds" / "gold.jsonl"

pytestmark = pytest.mark.skipif(
    not (SCORER.is_file() and GOLD.is_file()),
    reason=f"the shared evaluation kit ({SCORER} and {GOLD}) is not beside this checkout",
)

BAR = {"f1": 0.93, "speaker_accuracy": 0.95, "affiliation_accuracy": 0.90, "e2e_f1": 0.90}


def load_scorer():
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The seeds through `quotedb ingest --nlp rules` and `quotedb export`: (path of the JSON Lines, records)."""
    folder = tmp_path_factory.mktemp("seeds")
    db, out = folder / "quotes.db", folder / "predicted.jsonl"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(SEEDS), "--db", str(db), "--nlp", "rules", "--quiet"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["export", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out, records


@pytest.fixture(scope="module")
def figures(exported):
    scorer = load_scorer()
    _, records = exported
    result, _ = scorer.score(scorer.load(str(GOLD)), records)
    return result


@pytest.mark.parametrize("measure", list(BAR))
def test_seed_figures_meet_the_bar(figures, measure):
    got = figures["all"][measure]
    assert got >= BAR[measure], f"{measure} (all) fell to {got:.3f}, below the bar {BAR[measure]}"


def test_every_gold_document_is_covered(exported):
    _, records = exported
    gold_docs = {json.loads(line)["doc"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert gold_docs <= {r["doc"] for r in records}


def test_both_quote_types_are_found(figures):
    for kind in ("direct", "indirect"):
        assert figures[kind]["matched"] > 0 and figures[kind]["f1"] >= BAR["f1"] - 0.05, (kind, figures[kind])


def test_exported_records_carry_rule_confidence_and_offsets(exported):
    _, records = exported
    for record in records:
        assert record["rule"] and 0.0 <= record["confidence"] <= 1.0
        assert 0 <= record["start"] <= record["end"]
        assert record["type"] in ("direct", "indirect")
        if record["speaker"] is None and record["speaker_mention"] is None:  # anonymous sources keep a mention
            assert record["rule"] == "unattributed" and record["confidence"] == 0.0


def test_scorer_command_line_accepts_the_export(exported):
    """score.py as the issue runs it, with its own thresholds: exit 0 means the bar holds."""
    path, _ = exported
    done = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD), str(path), "--min-e2e", str(BAR["e2e_f1"]),
         "--min-speaker", str(BAR["speaker_accuracy"])],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "e2e_f1=" in done.stdout
