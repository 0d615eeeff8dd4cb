"""Parallel ingest: processes extract and store chunks in input order; same result as one process."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import quotedb.ingest as ingest_module
from quotedb import db
from quotedb.ingest import IngestError, ingest

from .conftest import SEEDS

CHUNK = 20  # articles per chunk in these tests, so that a few dozen articles make several chunks


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH_SIZE", CHUNK)

CONTENT = {  # everything but the ingest time
    "articles": "select id, source, sha256, text from articles order by id",
    "quotes": "select * from quotes order by id",
    "speakers": "select * from speakers order by id",
    "organizations": "select * from organizations order by id",
    "speaker_stats": "select * from speaker_stats order by speaker",
}


def _corpus(directory, n):
    directory.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (directory / f"a{i:04d}.txt").write_text(f"Copy {i}\n\n{text}", encoding="utf-8")
    (directory / "broken.txt").write_bytes(b"\x00\x01binary")
    return directory


def _dump(path):
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(sql).fetchall() for table, sql in CONTENT.items()}


def _stored_sources(path):
    with sqlite3.connect(path) as connection:
        return [Path(source).name for (source,) in connection.execute("select source from articles order by id")]


def test_two_workers_store_exactly_what_one_process_stores(tmp_path):
    n = 5 * CHUNK + 7  # chunks stored by both processes, the last one partial
    corpus = _corpus(tmp_path / "corpus", n)
    one = ingest([corpus], tmp_path / "one.db", nlp="rules", workers=1)
    two = ingest([corpus], tmp_path / "two.db", nlp="rules", workers=2)
    assert (two.new, two.failed, two.quotes) == (one.new, one.failed, one.quotes) == (n, 1, one.quotes)
    assert [f.source for f in two.failures] == [str(corpus / "broken.txt")]
    assert _dump(tmp_path / "two.db") == _dump(tmp_path / "one.db")


def test_a_chunk_that_cannot_be_stored_stops_the_later_ones(tmp_path, monkeypatch):
    """The database keeps the chunks before it (a prefix of the input); a re-run completes it."""
    corpus = _corpus(tmp_path / "corpus", 6 * CHUNK)
    original = ingest_module.ChunkStore._store

    def failing_second_chunk(self, items):
        if any(getattr(item, "raw", None) and item.raw.doc == f"a{CHUNK:04d}.txt" for item in items):
            raise db.DatabaseError("disk I/O error")
        return original(self, items)

    monkeypatch.setattr(ingest_module.ChunkStore, "_store", failing_second_chunk)  # the workers fork with it
    db_path = tmp_path / "q.db"
    with pytest.raises(db.DatabaseError, match="disk I/O error"):
        ingest([corpus], db_path, nlp="rules", workers=2)
    assert _stored_sources(db_path) == [f"a{i:04d}.txt" for i in range(CHUNK)]

    monkeypatch.setattr(ingest_module.ChunkStore, "_store", original)
    report = ingest([corpus], db_path, nlp="rules", workers=2)
    assert (report.unchanged, report.new) == (CHUNK, 5 * CHUNK)


def test_a_worker_that_dies_gives_a_clear_error_not_a_hang(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "corpus", 3 * CHUNK)
    original = ingest_module.process_all

    def dies_on_one(items, nlp="auto", model_dir=None):
        if any(getattr(raw, "doc", None) == "a0001.txt" for raw in items):
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return original(items, nlp=nlp, model_dir=model_dir)

    monkeypatch.setattr(ingest_module, "process_all", dies_on_one)
    with pytest.raises(IngestError, match="an extraction process died"):
        ingest([corpus], tmp_path / "q.db", nlp="rules", workers=2)


def _children(pid):
    children = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry.name))
        except (OSError, IndexError, ValueError):
            pass  # gone meanwhile
    return children


def _running(pid):
    """Alive and not a zombie (a dead child its parent has not reaped yet)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False  # gone


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc to find the workers")
def test_workers_die_with_a_killed_ingest(tmp_path):
    """Else they would go on storing after it, beside the re-run the user starts."""
    corpus = _corpus(tmp_path / "corpus", 600)  # runs long enough to be killed (chunks of 500 here)
    db_path = tmp_path / "q.db"
    db.upgrade(db_path)
    child = subprocess.Popen(
        [sys.executable, "-m", "quotedb.cli", "ingest", str(corpus), "--db", str(db_path), "--nlp", "rules",
         "--workers", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while len(workers := _children(child.pid)) < 2 and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) == 2 and child.poll() is None
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in workers if _running(pid)] == []
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
