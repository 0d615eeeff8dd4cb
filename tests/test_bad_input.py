"""Bad input: each bad file gets one clear line, the rest of the batch is stored, exit 1."""
import json
import os
import sqlite3

from click.testing import CliRunner

from quotedb.cli import cli

from .conftest import SEEDS

GOOD = (SEEDS / "004_df89a7defa500a78.txt").read_text(encoding="utf-8")


def ingest(*paths, db, extra=()):
    return CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--nlp", "rules", *extra])


def stored_sources(db):
    with sqlite3.connect(db) as connection:
        return sorted(os.path.basename(r[0]) for r in connection.execute("select source from articles"))


def test_every_bad_file_reported_and_batch_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b_empty.txt").write_text("")
    (corpus / "c_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "d_latin1.txt").write_bytes("Le ministère a dit « non ».".encode("latin-1"))
    (corpus / "e_big.txt").write_text("x" * 5000)
    (corpus / "f_broken_link.txt").symlink_to(corpus / "missing-target")
    (corpus / "g_records.jsonl").write_text(
        "\n".join([
            json.dumps({"url": "https://example.org/1", "title": "One", "text": "Copy: " + GOOD, "date": "2024-06-19", "outlet": "X"}),
            "{not json",
            json.dumps({"url": "https://example.org/2", "text": 42}),
            json.dumps(["a", "list"]),
        ]),
        encoding="utf-8",
    )
    db = tmp_path / "q.db"
    result = ingest(corpus, tmp_path / "does-not-exist.txt", db=db, extra=["--max-bytes", "4000"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    expected = {
        "b_empty.txt": "empty file",
        "c_binary.txt": "binary file",
        "d_latin1.txt": "not valid UTF-8",
        "e_big.txt": "over the limit of 4,000",
        "f_broken_link.txt": "No such file",
        "g_records.jsonl#L2": "malformed JSON",
        "g_records.jsonl#L3": "wrong type for field(s) text",
        "g_records.jsonl#L4": "must be an object",
        "does-not-exist.txt": "no such file or directory",
    }
    assert len(errors) == len(expected)
    for name, reason in expected.items():
        assert any(name in line and reason in line for line in errors), (name, errors)
    assert "2 new, 0 unchanged" in result.output  # the good file and the good JSON record
    assert f"{len(expected)} failed" in result.output
    with sqlite3.connect(db) as connection:
        (title, outlet, published) = connection.execute(
            "select title, outlet, published from articles where source = 'https://example.org/1'"
        ).fetchone()
    assert (title, outlet, published) == ("One", "X", "2024-06-19")


def test_html_script_text_never_stored(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Envoy speaks</title><script>var secret = 'SCRIPT_TEXT';</script></head><body>"
        "<nav>Home | World</nav><article><h1>Envoy speaks</h1>"
        "<p>Kim Gunn, a former nuclear envoy, said on Tuesday that talks must resume soon.</p>"
        "<script>document.write('SCRIPT_TEXT')</script>"
        "<p>\"They need each other more than before,\" Kim told The Korea Herald.</p></article></body></html>",
        encoding="utf-8",
    )
    db = tmp_path / "q.db"
    result = ingest(page, db=db)
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as connection:
        (text,) = connection.execute("select text from articles").fetchone()
        quotes = [r[0] for r in connection.execute("select text from quotes")]
    assert "SCRIPT_TEXT" not in text and "var secret" not in text
    assert "They need each other more than before," in quotes


def test_failed_document_leaves_nothing_half_stored(tmp_path, monkeypatch):
    """The article row is written before its quotes; a failing quote must take it back out."""
    import quotedb.ingest as ingest_module

    from .conftest import make_processed, quote_of

    def bad_quotes(items, nlp="auto", model_dir=None):
        return [make_processed(raw.source, raw.content,
                               [quote_of(raw.content, raw.content[:20], type="shouted")] if "bad" in raw.source else [])
                for raw in items]

    for name in ("a_ok.txt", "b_bad.txt", "c_ok.txt"):
        (tmp_path / name).write_text(f"{name}: " + GOOD, encoding="utf-8")
    monkeypatch.setattr(ingest_module, "process_all", bad_quotes)
    db = tmp_path / "q.db"
    result = ingest(tmp_path, db=db)
    assert result.exit_code == 1 and "b_bad.txt: could not store: IntegrityError" in result.output
    assert stored_sources(db) == ["a_ok.txt", "c_ok.txt"]
