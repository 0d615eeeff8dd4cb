"""Hostile inputs: special files, bad JSON lines, unreadable or looping trees, other encodings, odd
file names, pages without article text. Each gets one clear line naming it, the rest is stored."""
import errno
import json
import os
import resource
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotedb.cli import cli
from quotedb.clean import clean_html
from quotedb.sources import Failure, RawDocument, iter_documents


def said(words: str, who: str = "Lee Jun-seo") -> str:
    return (f'{who}, a researcher at the Asan Institute, said on Monday: "{words}"\n\n'
            "The ministry did not comment on the plan.")


GOOD = said("The talks will resume next week.")


def ingest(*paths, db, extra=()):
    return CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db), "--nlp", "rules", *extra])


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def real(path) -> str:
    return os.path.realpath(path)


def rows(db, sql):
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def stored_quotes(db) -> set[str]:
    return {text for (text,) in rows(db, "select text from quotes")}


def test_every_hostile_input_through_the_cli_gives_one_line_and_no_traceback(tmp_path):
    """The real command in its own process: a FIFO once hung it, /dev/zero ate memory until a traceback."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(corpus / "b_pipe.txt")
    (corpus / "c_records.jsonl").write_text("\n".join([
        '{"text": "bad \\ud800 surrogate"}',
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"id": True, "text": GOOD}),
        json.dumps({"url": "https://example.org/4", "text": said("We stay the course.")}),
        json.dumps({"url": "https://example.org/4", "text": said("A second record at that URL.")}),
    ]), encoding="utf-8")
    (corpus / "d_utf16.txt").write_bytes(said("Encoded in UTF-16.").encode("utf-16"))
    (corpus / "e_deep.html").write_text(
        "<html><body>" + "<div>" * 3000 + f"<p>{said('Deep in the page.')}</p>" + "</div>" * 3000 + "</body></html>")
    (corpus / "f_scripts_only.html").write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    (corpus / "g_loop").symlink_to(corpus)
    (corpus / "h\nsplit.txt").write_text("")
    (tmp_path / "self").symlink_to(tmp_path / "self")
    db = tmp_path / "q.db"

    def limited():  # what a failing read may take, so that this test fails instead of the machine
        resource.setrlimit(resource.RLIMIT_DATA, (2 << 30, 2 << 30))

    command = [sys.executable, "-m", "quotedb", "ingest", str(corpus), "/dev/zero", str(tmp_path / "self"),
               "--db", str(db), "--nlp", "rules"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=limited)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert all(line.startswith("error: ") for line in lines), lines
    expected = [
        ("b_pipe.txt", "not a regular file (a FIFO"),
        ("c_records.jsonl#L1", "lone surrogate"),
        ("c_records.jsonl#L2", "nested too deeply"),
        ("c_records.jsonl#L3", "wrong type for field(s) id"),
        ("c_records.jsonl#L5", "duplicate: same url"),
        ("f_scripts_only.html", "no article text found"),
        ("g_loop", "symbolic link loop"),
        ("'" + str(corpus / "h\\nsplit.txt") + "'", "empty file"),
        ("/dev/zero", "not a regular file (a character device"),
        ("self", "symbolic link loop"),
    ]
    assert len(lines) == len(expected), lines
    for name, reason in expected:
        assert any(name in line and reason in line for line in lines), (name, reason, lines)
    assert "articles: 4 new" in result.stdout
    assert stored_quotes(db) >= {"The talks will resume next week.", "We stay the course.", "Encoded in UTF-16.",
                                 "Deep in the page."}
    for other in (["export", "--format", "csv"], ["export"], ["db", "current"]):
        after = subprocess.run([sys.executable, "-m", "quotedb", *other, "--db", str(db)],
                               capture_output=True, text=True, timeout=120)
        assert after.returncode == 0 and "Traceback" not in after.stderr, after.stderr[-3000:]


# ---------------------------------------------------------------- special files


def test_a_fifo_is_refused_without_being_opened_for_a_blocking_read(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    found = []
    reader = threading.Thread(target=lambda: found.extend(iter_documents([fifo])), daemon=True)
    reader.start()
    reader.join(timeout=30)
    if reader.is_alive():  # blocked on the FIFO, waiting for a writer: be one, so that it ends
        with open(fifo, "w"):
            pass
        reader.join()
        pytest.fail("reading the FIFO blocked")
    [failure] = found
    assert isinstance(failure, Failure) and failure.reason.startswith("not a regular file (a FIFO (named pipe))")


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_a_file_whose_size_reads_as_zero_is_still_bounded_by_max_bytes(tmp_path):
    assert os.stat("/proc/self/maps").st_size == 0  # a regular file that says it is empty
    [failure] = iter_documents(["/proc/self/maps"], max_bytes=100)
    assert isinstance(failure, Failure) and "over the limit of 100 bytes" in failure.reason


# ---------------------------------------------------------------- JSON Lines


def test_each_bad_json_line_is_one_error_and_the_rest_is_stored(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text("\n".join([
        json.dumps({"id": "ok-1", "text": said("The first record stands.")}),
        '{"id": "s", "text": "lone \\udfff", "title": "x"}',
        '{"id": "t", "text": "fine text", "title": "bad \\ud800"}',
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"id": ' + "9" * 5000 + ', "text": "a number too long to read"}',
        json.dumps({"id": True, "text": said("A boolean is no id.")}),
        json.dumps({"id": "  ", "text": said("A blank id is no id.")}),
        # U+2028 is valid inside a JSON string: it must not split the record in two
        json.dumps({"id": "ok-2", "text": said("Across\u2028the separator.")}, ensure_ascii=False),
    ]), encoding="utf-8")
    db = tmp_path / "q.db"
    result = ingest(records, db=db)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a traceback
    expected = {2: "field 'text' holds a lone surrogate ('\\udfff')", 3: "field 'title' holds a lone surrogate",
                4: "malformed JSON: nested too deeply", 5: "malformed JSON: Exceeds the limit", 6: "wrong type for field(s) id",
                7: "empty 'id'"}
    lines = errors(result)
    assert len(lines) == len(expected), lines
    for number, reason in expected.items():
        assert any(f"records.jsonl#L{number}: {reason}" in line for line in lines), (number, lines)
    assert "2 new" in result.stdout
    assert stored_quotes(db) == {"The first record stands.", "Across\u2028the separator."}


# ---------------------------------------------------------------- directory trees


def test_an_unreadable_directory_is_reported(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "hidden.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "open.txt").write_text(said("The open file is read."), encoding="utf-8")
    (corpus / "locked").chmod(0)
    if os.access(corpus / "locked", os.R_OK):  # root reads it anyway: refuse it as the kernel would
        real_scandir = os.scandir

        def refusing(path="."):
            if Path(path) == corpus / "locked":
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", refusing)
    try:
        result = ingest(corpus, db=tmp_path / "q.db")
    finally:
        (corpus / "locked").chmod(0o755)
    assert result.exit_code == 1
    assert errors(result) == [f"error: {corpus / 'locked'}: directory not read: Permission denied"]
    assert "1 new" in result.stdout


def test_symlinked_directories_are_followed_once_and_loops_reported(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text(said("Read through the link."), encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "own.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "via_link").symlink_to(elsewhere)
    (corpus / "via_link_again").symlink_to(elsewhere)  # the same directory: read once, no error
    (corpus / "sub" / "up").symlink_to(corpus)  # a loop
    (corpus / "sub" / "itself.txt").symlink_to(corpus / "sub" / "itself.txt")
    db = tmp_path / "q.db"
    result = ingest(corpus, db=db)
    assert result.exit_code == 1
    assert sorted(errors(result)) == [
        f"error: {corpus / 'sub' / 'itself.txt'}: symbolic link loop (the link leads back to itself)",
        f"error: {corpus / 'sub' / 'up'}: symbolic link loop: leads back to {corpus}; not followed",
    ]
    assert stored_quotes(db) == {"Read through the link.", "The talks will resume next week."}
    assert rows(db, "select source from article_sources order by source") == [
        (real(corpus / "sub" / "own.txt"),), (real(elsewhere / "linked.txt"),)]


def test_a_self_looping_symlink_on_the_command_line_is_not_called_missing(tmp_path):
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nothing-here.txt")
    failures = list(iter_documents([tmp_path / "loop.txt", tmp_path / "dangling.txt", tmp_path / "absent.txt"]))
    assert [f.reason for f in failures] == [
        "symbolic link loop (the link leads back to itself)",
        f"broken symbolic link (No such file or directory: {tmp_path / 'nothing-here.txt'})",
        "no such file or directory",
    ]


# ---------------------------------------------------------------- encodings and names


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, codec):
    import codecs

    bom = {"utf-16": b"", "utf-32": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    path = tmp_path / "wide.txt"
    path.write_bytes(bom + said("Wide characters, 한국어 too.").encode(codec))
    [document] = iter_documents([path])
    assert isinstance(document, RawDocument) and document.content == said("Wide characters, 한국어 too.")


def test_invalid_utf16_is_named_as_such(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes("ok".encode("utf-16") + b"\x00\xd8")  # a lone high surrogate
    [failure] = iter_documents([path])
    assert failure.reason.startswith("not valid UTF-16")


def test_odd_file_names_stay_on_one_line_and_are_stored(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "two\nlines.txt").write_text("")
    (corpus / "bell\a.txt").write_text("   ")
    undecodable = os.fsencode(corpus) + b"/caf\xff.txt"  # not UTF-8: stored with an escape
    with open(undecodable, "wb") as handle:
        handle.write(GOOD.encode("utf-8"))
    db = tmp_path / "q.db"
    result = ingest(corpus, db=db)
    assert result.exit_code == 1
    assert sorted(errors(result)) == [
        f"error: {str(corpus / 'bell') + chr(7) + '.txt'!r}: empty file",
        f"error: {str(corpus / 'two') + chr(10) + 'lines.txt'!r}: empty file",
    ]
    assert rows(db, "select source, doc from article_sources") == [(real(corpus) + "/caf\\xff.txt", "caf\\xff.txt")]


# ---------------------------------------------------------------- pages without article text


@pytest.mark.parametrize("depth", [300, 3000, 100_000])
def test_deeply_nested_html_keeps_its_text(depth):
    page = ("<html><head><title>Deep</title></head><body>" + "<div>" * depth
            + "<script>var secret = 'SCRIPT_TEXT';</script>"
            + f"<p>{GOOD}</p>" + "</div>" * depth + "<p>The last paragraph follows the nesting.</p></body></html>")
    text = clean_html(page).text
    assert '"The talks will resume next week."' in text
    assert "The last paragraph follows the nesting." in text and "SCRIPT_TEXT" not in text


def test_unclosed_font_tags_keep_the_text():
    page = "<html><body>" + "<div><font>" * 150 + f"<p>{GOOD}</p></body></html>"
    assert '"The talks will resume next week."' in clean_html(page).text


def test_a_page_without_article_text_is_refused_and_the_rest_stored(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (corpus / "b_script.html").write_text("<html><head><script>var x = 1;</script></head><body> </body></html>")
    (corpus / "c_menu.html").write_text(
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li></ul></nav></body></html>")
    (corpus / "d_records.jsonl").write_text(json.dumps({"id": "furniture", "text": "Advertisement"}))
    db = tmp_path / "q.db"
    result = ingest(corpus, db=db)
    assert result.exit_code == 1
    assert sorted(errors(result)) == [
        f"error: {corpus / 'b_script.html'}: no article text found",
        f"error: {corpus / 'c_menu.html'}: no article text found",
        f"error: {corpus / 'd_records.jsonl'}#L1: no article text found",
    ]
    assert rows(db, "select count(*), min(length(text)) from articles") == [(1, len(GOOD))]
