"""Hostile database conditions: another process holding the write lock, two first ingests at once,
a full disk.

Readers (db current, export, serve) open the database read-only and never wait for a writer;
writers wait with a message up to --lock-timeout, then fail with one line; a full disk keeps
what was committed and says how much. No command shows a traceback.
"""
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event

from quotedb import db, ingest as ingest_module

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus  # noqa: E402

from .conftest import SEEDS, run_cli  # noqa: E402

# Holds the write lock (BEGIN IMMEDIATE) until its stdin closes; with "commit", first commits a
# write and keeps the connection open without a checkpoint: the -wal file then holds pages.
HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "commit":
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute("DELETE FROM summary_state")
else:
    connection.execute("BEGIN IMMEDIATE")
print("ready", flush=True)
sys.stdin.readline()
"""


@contextmanager
def other_process(path, what="lock"):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), what],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def quotedb(*args, timeout=120, **options):
    result = subprocess.run([sys.executable, "-m", "quotedb", *map(str, args)],
                            capture_output=True, text=True, timeout=timeout, **options)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def count(path, sql="select count(*) from articles"):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchone()[0]


_TEMPLATE = {}


@pytest.fixture
def seeds_db(tmp_path, tmp_path_factory):
    """The seeds ingested into quotes.db (built once, copied for each test)."""
    if "path" not in _TEMPLATE:
        template = tmp_path_factory.mktemp("seeds") / "quotes.db"
        ingest_module.ingest([SEEDS], template, nlp="rules")
        _TEMPLATE["path"] = template
    path = tmp_path / "quotes.db"
    with closing(sqlite3.connect(_TEMPLATE["path"])) as source, closing(sqlite3.connect(path)) as copy:
        source.backup(copy)
    return path


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "new" / "talks.txt"
    path.parent.mkdir()
    path.write_text('Park Ji-woo, a professor at Seoul National University, said "the talks can resume."\n')
    return path


def test_readers_never_wait_for_a_writer(seeds_db):
    with other_process(seeds_db, "lock"):
        for args in (["db", "current"], ["export"]):  # they waited 30 s, then a traceback
            started = time.monotonic()
            result = run_cli(*args, "--db", seeds_db)
            assert result.exit_code == 0 and result.stdout.strip(), (args, result.output)
            assert time.monotonic() - started < 5, args
        result = quotedb("serve", "--db", seeds_db, "--get", "/quotes/attributed_quotes.json?_size=1", timeout=25)
        assert result.returncode == 0 and '"rows"' in result.stdout, result.stderr


def test_a_writer_waits_with_a_message_then_fails_with_one_line(seeds_db, article, monkeypatch):
    with other_process(seeds_db, "lock"):
        for args in (["ingest", article, "--nlp", "rules"], ["db", "upgrade"], ["db", "refresh"]):
            started = time.monotonic()
            result = run_cli(*args, "--db", seeds_db, "--lock-timeout", "2")
            assert result.exit_code == 1, (args, result.output)
            assert result.stderr.splitlines() == [
                f"{seeds_db}: waiting for another ingest to finish… (another process is writing to the database; "
                "waiting up to 2 s)",
                f"Error: {seeds_db}: another process kept the database locked for 2 s (an ingest or a migration); "
                "try again when it has finished, or wait longer with --lock-timeout",
            ], args
            assert time.monotonic() - started < 15
        # the timeout can come from the environment too
        monkeypatch.setenv("QUOTEDB_LOCK_TIMEOUT", "1.5")
        result = run_cli("db", "upgrade", "--db", seeds_db)
        assert result.exit_code == 1 and "locked for 1.5 s" in result.stderr
    assert count(seeds_db) == 5


def test_a_writer_goes_on_when_the_other_one_finishes(seeds_db, article):
    with other_process(seeds_db, "lock") as holder:
        waiting = subprocess.Popen(
            [sys.executable, "-m", "quotedb", "ingest", str(article), "--db", str(seeds_db), "--nlp", "rules"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert "waiting for another ingest to finish…" in waiting.stderr.readline()
        holder.stdin.close()  # the other writer finishes
        out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0 and "Traceback" not in err, err
    assert "articles: 1 new" in out
    assert count(seeds_db) == 6


def test_immutable_is_refused_while_a_writer_holds_the_database_or_the_wal_has_pages(seeds_db):
    page = "/quotes/attributed_quotes.json?_size=1"
    with other_process(seeds_db, "lock"):  # the lock taken, nothing written yet: the -wal is empty
        assert Path(f"{seeds_db}-wal").stat().st_size == 0
        result = run_cli("serve", "--db", seeds_db, "--immutable", "--get", page)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"Error: {seeds_db}: another process is writing to it")
    with other_process(seeds_db, "commit"):  # committed, not checkpointed
        assert Path(f"{seeds_db}-wal").stat().st_size > 0
        result = run_cli("serve", "--db", seeds_db, "--immutable", "--get", page)
        assert result.exit_code == 1 and "-wal holds pages not yet checkpointed" in result.stderr
    result = quotedb("serve", "--db", seeds_db, "--immutable", "--get", page)  # nobody writes any more
    assert result.returncode == 0 and '"rows"' in result.stdout, result.stderr


# Imports quotedb, then runs the CLI once the file argv[1] exists: both ingests reach the new
# database within a millisecond of each other, whatever their start-up took.
AT_ONCE = """
import pathlib, sys, time
from quotedb.cli import cli
go = pathlib.Path(sys.argv[1])
while not go.exists():
    time.sleep(0.001)
cli.main(args=sys.argv[2:], prog_name="quotedb")
"""


def test_two_first_ingests_into_a_new_database(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 20)
    path, go = tmp_path / "new.db", tmp_path / "go"
    ingests = [subprocess.Popen([sys.executable, "-c", AT_ONCE, str(go), "ingest", str(corpus), "--db", str(path),
                                 "--nlp", "rules", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    time.sleep(8)  # both have imported quotedb and wait for the file
    go.touch()
    outputs = [process.communicate(timeout=180) for process in ingests]
    for process, (out, err) in zip(ingests, outputs):
        assert process.returncode == 0 and "Traceback" not in err, err
    assert sum(int(re.search(r"(\d+) new", out)[1]) for out, _ in outputs) == 20
    assert db.current_revision(path) == db.head_revision()
    assert count(path, "select count(distinct sha256) from articles") == count(path) == 20
    assert count(path, "pragma integrity_check") == "ok"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_full_disk_says_how_much_was_stored_and_a_rerun_finishes(tmp_path, monkeypatch, workers):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 8)
    path = tmp_path / "quotes.db"
    db.upgrade(path)
    room = count(path, "pragma page_count") + 40  # about five of the eight articles

    engine_for = db.engine_for

    def engine_on_a_small_disk(*args, **kwargs):  # SQLite's page limit fails writes as a full disk does
        engine = engine_for(*args, **kwargs)
        event.listen(engine, "connect", lambda connection, _: connection.execute(f"PRAGMA max_page_count = {room}"))
        return engine

    monkeypatch.setattr(db, "engine_for", engine_on_a_small_disk)
    monkeypatch.setattr(ingest_module, "BATCH_SIZE", 1)  # one article per transaction
    args = ["ingest", str(corpus), "--db", str(path), "--nlp", "rules", "--workers", str(workers)]
    result = run_cli(*args)
    assert result.exit_code == 1
    message = result.stderr.strip()
    stored = int(re.fullmatch(rf"Error: {re.escape(str(path))}: disk full; (\d+) articles stored, re-run to finish",
                              message)[1])
    assert 0 < stored < 8 and count(path) == stored
    assert count(path, "pragma integrity_check") == "ok"

    monkeypatch.setattr(db, "engine_for", engine_for)  # space freed
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert f"articles: {8 - stored} new, {stored} unchanged" in result.output
    assert count(path) == 8
