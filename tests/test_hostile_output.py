"""Output: CSV export never hands a spreadsheet a formula to run, unless asked for raw cells."""
import csv
import io
import json

import pytest
from click.testing import CliRunner

from quotedb.cli import cli

# Titles and outlets (stored as given) and quoted words that a spreadsheet would run.
FORMULAS = ['=HYPERLINK("http://example.org/x","click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tTAB=1", "\rCR=1"]


def said(words):
    return f'Lee Jun-seo, a researcher at the Asan Institute, said on Monday: "{words}"'


@pytest.fixture
def hostile_db(tmp_path):
    records = tmp_path / "records.jsonl"
    lines = [{"id": f"r{i}", "title": formula, "outlet": formula, "text": said(f"Record {i} stands.")}
             for i, formula in enumerate(FORMULAS)]
    lines.append({"id": "typed", "text": said("=SUM(1,2) is what I typed.")})
    records.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    path = tmp_path / "q.db"
    result = CliRunner().invoke(cli, ["ingest", str(records), "--db", str(path), "--nlp", "rules"])
    assert result.exit_code == 0, result.output
    return path


def export_csv(path, *extra) -> dict[str, dict]:
    """The exported rows by document (one quote each)."""
    result = CliRunner().invoke(cli, ["export", "--db", str(path), "--format", "csv", *extra])
    assert result.exit_code == 0, result.output
    return {row["doc"]: row for row in csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"), newline=""))}


def test_csv_cells_that_would_run_as_formulas_start_with_a_quote(hostile_db):
    exported = export_csv(hostile_db)
    assert len(exported) == len(FORMULAS) + 1
    for i, formula in enumerate(FORMULAS):
        assert exported[f"r{i}"]["title"] == exported[f"r{i}"]["outlet"] == "'" + formula
        assert exported[f"r{i}"]["text"] == f"Record {i} stands."
    assert exported["typed"]["text"] == "'=SUM(1,2) is what I typed."
    for row in exported.values():
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values()), row


def test_raw_csv_keeps_the_cells_as_stored(hostile_db):
    exported = export_csv(hostile_db, "--raw-csv")
    assert [exported[f"r{i}"]["title"] for i in range(len(FORMULAS))] == FORMULAS
    assert exported["typed"]["text"] == "=SUM(1,2) is what I typed."


def test_json_lines_export_is_left_as_stored_and_raw_csv_needs_csv(hostile_db):
    result = CliRunner().invoke(cli, ["export", "--db", str(hostile_db)])
    titles = {record["doc"]: record["title"] for record in map(json.loads, result.stdout.splitlines())}
    assert [titles[f"r{i}"] for i in range(len(FORMULAS))] == FORMULAS
    refused = CliRunner().invoke(cli, ["export", "--db", str(hostile_db), "--raw-csv"])
    assert refused.exit_code == 2 and "--raw-csv goes with --format csv" in refused.stderr


def test_only_text_cells_with_a_formula_start_change():
    from quotedb.export import neutralized

    assert [neutralized(v) for v in ("=1", "a=1", "", None, 0.5, 3, " =1")] == ["'=1", "a=1", "", None, 0.5, 3, " =1"]
