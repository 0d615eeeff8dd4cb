"""An ingest killed with SIGKILL mid-run leaves a sound database that a re-run completes."""
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from quotedb.ingest import BATCH_SIZE, ingest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus  # noqa: E402

N = 3 * BATCH_SIZE  # killed after its first batch, long before its last


def per_article_quotes(db):
    with sqlite3.connect(db) as connection:
        return dict(connection.execute(
            "select a.source, count(q.id) from articles a left join quotes q on q.article_id = a.id group by a.id"
        ))


def count_articles(db):
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as connection:
            return connection.execute("select count(*) from articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_mid_ingest_then_rerun(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, N)
    reference_db = tmp_path / "reference.db"
    ingest([corpus], reference_db, nlp="rules")
    expected = per_article_quotes(reference_db)
    assert len(expected) == N

    db = tmp_path / "killed.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "quotedb.cli", "ingest", str(corpus), "--db", str(db), "--nlp", "rules", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while count_articles(db) < BATCH_SIZE and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert child.poll() is None, "ingest finished before it could be killed: make the corpus larger"
    child.send_signal(signal.SIGKILL)
    child.wait()

    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    partial = per_article_quotes(db)
    assert 0 < len(partial) < N
    for source, quotes in partial.items():  # every stored article has all of its quotes
        assert quotes == expected[source], source

    report = ingest([corpus], db, nlp="rules")
    assert report.failed == 0 and report.new == N - len(partial) and report.unchanged == len(partial)
    assert per_article_quotes(db) == expected
    with sqlite3.connect(db) as connection:
        assert connection.execute("select count(*) - count(distinct source) from articles").fetchone()[0] == 0
        fts = connection.execute("select count(*) from quotes_fts").fetchone()[0]
        assert fts == sum(expected.values())
