"""The CLI end to end on seeds/: ingest, idempotent re-ingest, updates, export, db commands."""
import csv
import io
import json
import shutil
import sqlite3

from click.testing import CliRunner

from quotedb.cli import cli

from .conftest import SEEDS


def run(*args):
    """The CLI in-process; ingest runs the fast rules backend (the stanza backends have their own tests)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def count(db, table):
    with sqlite3.connect(db) as connection:
        return connection.execute(f"select count(*) from {table}").fetchone()[0]


def test_ingest_seeds_then_export(tmp_path):
    db = tmp_path / "quotes.db"
    result = run("ingest", SEEDS, "--db", db, "--nlp", "rules")
    assert result.exit_code == 0, result.output
    assert "articles: 5 new, 0 unchanged, 0 updated, 0 failed" in result.output
    assert count(db, "articles") == 5 and count(db, "quotes") > 50

    result = run("export", "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert len(records) == count(db, "quotes")
    assert {"doc", "text", "type", "speaker", "role", "affiliation", "start", "end", "rule", "confidence"} <= set(records[0])
    assert {r["doc"] for r in records} == {p.name for p in SEEDS.iterdir() if p.suffix == ".txt"}
    with sqlite3.connect(db) as connection:  # every stored offset slices the stored text
        for text, start, end, body in connection.execute(
            'select q.text, q.start, q."end", a.text from quotes q join articles a on a.id = q.article_id'
        ):
            assert body[start:end] == text

    result = run("export", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == len(records) and rows[0]["doc"]


def test_reingest_is_idempotent_and_changes_replace_quotes(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    db = tmp_path / "quotes.db"
    assert run("ingest", corpus, "--db", db, "--nlp", "rules").exit_code == 0
    quotes_before = count(db, "quotes")

    again = run("ingest", corpus, "--db", db, "--nlp", "rules")
    assert "articles: 0 new, 5 unchanged, 0 updated, 0 failed; quotes stored: 0" in again.output
    assert count(db, "quotes") == quotes_before and count(db, "articles") == 5

    changed = corpus / "004_df89a7defa500a78.txt"
    text = changed.read_text(encoding="utf-8")
    paragraph = "\n\nThe two are anticipated"
    changed.write_text(text.replace(paragraph, '\n\n"We will keep talking," Kim Gunn said.' + paragraph), encoding="utf-8")
    result = run("ingest", corpus, "--db", db, "--nlp", "rules")
    assert "0 new, 4 unchanged, 1 updated, 0 failed" in result.output
    assert count(db, "articles") == 5
    assert count(db, "quotes") == quotes_before + 1


def test_db_commands(tmp_path):
    db = tmp_path / "fresh.db"
    from quotedb import db as quotedb_db

    head = quotedb_db.head_revision()
    assert head and head != "0001"
    assert f"at revision {head}" in run("db", "upgrade", "--db", db).output
    assert "at revision 0001" in run("db", "downgrade", "--db", db, "--revision", "0001").output
    assert f"at revision 0001 (head is {head})" in run("db", "current", "--db", db).output
    # ingest brings an old database to head by itself
    assert run("ingest", SEEDS / "004_df89a7defa500a78.txt", "--db", db, "--nlp", "rules").exit_code == 0
    assert f"at revision {head}" in run("db", "current", "--db", db).output


def test_export_of_missing_database_is_a_clear_error(tmp_path):
    result = run("export", "--db", tmp_path / "nope.db")
    assert result.exit_code != 0 and "no such database" in result.output


def test_serve_refuses_a_database_of_an_older_schema(tmp_path):
    db = tmp_path / "old.db"
    assert run("db", "upgrade", "--db", db, "--revision", "0004").exit_code == 0
    result = run("serve", "--db", db)
    assert result.exit_code != 0
    assert "older quotedb (revision 0004)" in result.output and "quotedb db upgrade" in result.output
