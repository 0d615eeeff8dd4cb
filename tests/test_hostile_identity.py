"""Identity of what was ingested: one article per content, every source pointing to its current
content; JSON Lines records keyed by id, URL or content; nothing stale, nothing extracted twice."""
import json
import os
import sqlite3

import pytest
from click.testing import CliRunner

from quotedb import pipeline
from quotedb import db
from quotedb.cli import cli
from quotedb.ingest import ingest


def said(words: str, who: str = "Lee Jun-seo") -> str:
    return (f'{who}, a researcher at the Asan Institute, said on Monday: "{words}"\n\n'
            "The ministry did not comment on the plan.")


def rows(path, sql):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def quotes(path) -> set[str]:
    return {text for (text,) in rows(path, "select text from quotes")}


def sources(path) -> dict[str, str]:
    """Each source → the one quote of its article (the test articles hold one each)."""
    return dict(rows(path, "select s.source, q.text from article_sources s join quotes q on q.article_id = s.article_id"))


def counts(report) -> tuple[int, int, int, int]:
    return report.new, report.unchanged, report.updated, report.failed


def run(paths, path, **options):
    return ingest([str(p) for p in paths], path, nlp="rules", **options)


class Extractions:
    """Where the pipeline ran, written to a file: the workers fork with the patched pipeline."""

    def __init__(self, log):
        self.log = log
        self.clear()

    def clear(self):
        self.log.write_text("")

    def __call__(self) -> list[str]:
        return self.log.read_text().splitlines()


@pytest.fixture
def extractions(monkeypatch, tmp_path) -> Extractions:
    done = Extractions(tmp_path / "extractions.log")
    original = pipeline.clean  # the first step of every document's extraction

    def counted(raw):
        with open(done.log, "a") as log:
            log.write(raw.where + "\n")
        return original(raw)

    monkeypatch.setattr(pipeline, "clean", counted)
    return done


def write_records(path, records):
    path.write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- JSON Lines


def test_a_second_record_at_the_same_url_is_reported_not_stored_over_the_first(tmp_path):
    records = tmp_path / "records.jsonl"
    write_records(records, [{"url": "https://example.org/a", "text": said("The first version.")},
                            {"url": "https://example.org/a", "text": said("A second text at that URL.")}])
    result = CliRunner().invoke(cli, ["ingest", str(records), "--db", str(tmp_path / "q.db"), "--nlp", "rules"])
    assert result.exit_code == 1
    assert result.stderr == (f"error: {records}#L2: duplicate: same url 'https://example.org/a' as {records}#L1;"
                             " not stored\n")
    assert quotes(tmp_path / "q.db") == {"The first version."}


def test_inserting_a_line_leaves_every_other_record_as_it_was(tmp_path, extractions):
    records, path = tmp_path / "records.jsonl", tmp_path / "q.db"
    kept = [{"id": "one", "text": said("Keyed by its id.")},
            {"url": "https://example.org/two", "text": said("Keyed by its URL.")},
            {"text": said("Keyed by its content.")}]
    write_records(records, kept)
    assert counts(run([records], path)) == (3, 0, 0, 0)
    before = rows(path, "select id, sha256 from articles order by id")
    write_records(records, [{"text": said("A new first line.")}, *kept])
    extractions.clear()
    assert counts(run([records], path)) == (1, 3, 0, 0)
    assert extractions() == [f"{records}#L1"]  # only the new record was extracted
    assert rows(path, "select id, sha256 from articles order by id")[:3] == before


def test_edited_and_deleted_records_leave_no_stale_quotes(tmp_path):
    records, path = tmp_path / "records.jsonl", tmp_path / "q.db"
    write_records(records, [{"id": 7, "text": said("Version one of seven.")},
                            {"text": said("An unkeyed record, first version.")},
                            {"text": said("A record about to go.")}])
    assert counts(run([records], path)) == (3, 0, 0, 0)
    write_records(records, [{"id": 7, "text": said("Version two of seven.")},
                            {"text": said("An unkeyed record, second version.")}])
    report = run([records], path)
    # the id keeps its source; edited unkeyed content is a new source, and the file's others go
    assert counts(report) == (1, 0, 1, 0) and report.removed == 2
    assert "records no longer in their file, removed: 2" in report.summary()
    assert quotes(path) == {"Version two of seven.", "An unkeyed record, second version."}
    assert rows(path, "select count(*) from articles") == [(2,)]


def test_a_file_with_a_bad_line_forgets_none_of_its_records(tmp_path):
    records, path = tmp_path / "records.jsonl", tmp_path / "q.db"
    write_records(records, [{"text": said("Stays while the file is broken.")}])
    run([records], path)
    records.write_text('{"text": "broken\n', encoding="utf-8")
    report = run([records], path)
    assert report.failed == 1 and report.removed == 0
    assert quotes(path) == {"Stays while the file is broken."}


# ---------------------------------------------------------------- files


def test_a_file_by_relative_and_by_absolute_path_is_one_article(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    article, path = tmp_path / "corpus" / "a.txt", tmp_path / "q.db"
    article.write_text(said("Before the edit."), encoding="utf-8")
    assert counts(run(["corpus/a.txt"], path)) == (1, 0, 0, 0)
    assert counts(run([article], path)) == (0, 1, 0, 0)
    assert counts(run(["corpus/a.txt", article, "corpus/../corpus/a.txt"], path)) == (0, 1, 0, 0)  # read once
    article.write_text(said("After the edit."), encoding="utf-8")
    assert counts(run([article], path)) == (0, 0, 1, 0)
    assert quotes(path) == {"After the edit."}
    assert rows(path, "select source from article_sources") == [(os.path.realpath(article),)]


def test_a_file_changed_to_the_bytes_of_another_shows_them(tmp_path, extractions):
    a, b, path = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "q.db"
    a.write_text(said("What a said first."), encoding="utf-8")
    b.write_text(said("What b says."), encoding="utf-8")
    run([a, b], path)
    a.write_bytes(b.read_bytes())
    extractions.clear()
    assert counts(run([a], path)) == (0, 0, 1, 0)
    assert extractions() == []  # that content is stored: only where it is was recorded
    assert quotes(path) == {"What b says."}  # a's old article went with its quotes
    assert sources(path) == {os.path.realpath(a): "What b says.", os.path.realpath(b): "What b says."}


def test_two_files_with_the_same_content_are_both_sources_of_one_article(tmp_path):
    a, b, path = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "q.db"
    for file in (a, b):
        file.write_text(said("Word for word the same."), encoding="utf-8")
    assert counts(run([a, b], path)) == (2, 0, 0, 0)
    assert rows(path, "select count(*), source from articles") == [(1, os.path.realpath(a))]
    assert set(sources(path)) == {os.path.realpath(a), os.path.realpath(b)}
    a.write_text(said("Now a says something else."), encoding="utf-8")
    assert counts(run([a, b], path)) == (0, 1, 1, 0)
    assert sources(path) == {os.path.realpath(a): "Now a says something else.",
                             os.path.realpath(b): "Word for word the same."}
    # the shared article now names its remaining source
    assert rows(path, "select source, doc from articles where text like '%Word for word%'") == [
        (os.path.realpath(b), "b.txt")]


def test_swapped_files_need_no_extraction(tmp_path, extractions):
    a, b, path = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "q.db"
    a.write_text(said("Said in a."), encoding="utf-8")
    b.write_text(said("Said in b."), encoding="utf-8")
    run([a, b], path)
    ids = rows(path, "select id from articles order by id")
    text_a, text_b = a.read_bytes(), b.read_bytes()
    a.write_bytes(text_b)
    b.write_bytes(text_a)
    extractions.clear()
    assert counts(run([a, b], path)) == (0, 0, 2, 0) and extractions() == []
    assert sources(path) == {os.path.realpath(a): "Said in b.", os.path.realpath(b): "Said in a."}
    assert rows(path, "select id from articles order by id") == ids


@pytest.mark.parametrize("workers", [1, 2])
def test_unchanged_content_is_not_extracted_again_unless_forced(tmp_path, extractions, workers):
    corpus, path = tmp_path / "corpus", tmp_path / "q.db"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(said(f"Article number {i} speaks."), encoding="utf-8")
    run([corpus], path, workers=workers)
    assert len(extractions()) == 3
    extractions.clear()
    assert counts(run([corpus], path, workers=workers)) == (0, 3, 0, 0)
    assert extractions() == []
    quote_ids = rows(path, "select id from quotes order by id")
    report = run([corpus], path, workers=workers, force=True)
    assert counts(report) == (0, 0, 3, 0) and len(extractions()) == 3
    assert len(rows(path, "select id from quotes")) == len(quote_ids) and rows(path, "select id from quotes") != quote_ids


def test_force_through_the_cli(tmp_path):
    article, path = tmp_path / "a.txt", tmp_path / "q.db"
    article.write_text(said("Extracted again on request."), encoding="utf-8")
    command = ["ingest", str(article), "--db", str(path), "--nlp", "rules"]
    assert CliRunner().invoke(cli, command).exit_code == 0
    result = CliRunner().invoke(cli, [*command, "--force"])
    assert result.exit_code == 0 and "0 new, 0 unchanged, 1 updated, 0 failed; quotes stored: 1" in result.stdout


# ---------------------------------------------------------------- migration 0006


def test_migration_keeps_articles_and_adopts_the_sources_of_an_older_database(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text(said("Stored before 0006."), encoding="utf-8")
    write_records(tmp_path / "corpus" / "r.jsonl", [{"id": "x", "text": said("A record before 0006.")}])
    path = tmp_path / "q.db"
    run(["corpus"], path)
    everything = "select a.id, a.sha256, q.id, q.text from articles a join quotes q on q.article_id = a.id order by q.id"
    before = rows(path, everything)
    db.downgrade(path, "0005")
    assert rows(path, everything) == before
    # as quotedb named sources before 0006: the path as given, a record by its line
    with sqlite3.connect(path) as connection:
        connection.execute("update articles set source = 'corpus/a.txt' where doc = 'a.txt'")
        connection.execute("update articles set source = 'corpus/r.jsonl#L1' where doc = 'x'")
    db.upgrade(path)
    assert rows(path, everything) == before
    assert sorted(rows(path, "select source, path from article_sources")) == [
        ("corpus/a.txt", None), ("corpus/r.jsonl#L1", None)]
    report = run(["corpus"], path)
    assert counts(report) == (0, 2, 0, 0) and report.removed == 0
    real = os.path.realpath("corpus")
    assert sorted(rows(path, "select source, path from article_sources")) == [
        (f"{real}/a.txt", f"{real}/a.txt"), (f"{real}/r.jsonl#id=x", f"{real}/r.jsonl")]
