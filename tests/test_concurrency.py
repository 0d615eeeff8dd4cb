"""Concurrency: Datasette answers while an ingest writes (WAL); a second ingest waits, never corrupts."""
import asyncio
import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from datasette.app import Datasette

from quotedb import db as quotedb_db
from quotedb.serve import SETTINGS, load_metadata

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from corpus import make_corpus  # noqa: E402

N = 300


def start_ingest(corpus, db):
    return subprocess.Popen(
        [sys.executable, "-m", "quotedb.cli", "ingest", str(corpus), "--db", str(db), "--nlp", "rules", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_serve_reads_while_two_ingests_write(tmp_path):
    corpus = tmp_path / "corpus"
    make_corpus(corpus, N)
    db = tmp_path / "quotes.db"
    quotedb_db.upgrade(db)  # so Datasette has a schema to open before the writers start
    first, second = start_ingest(corpus, db), start_ingest(corpus, db)

    datasette = Datasette([str(db)], metadata=load_metadata(db), settings=SETTINGS)
    seen, answers = [], 0
    deadline = time.monotonic() + 240
    while (first.poll() is None or second.poll() is None) and time.monotonic() < deadline:
        response = asyncio.run(datasette.client.get("/quotes/articles.json?_shape=array&_col=id&_size=1000"))
        assert response.status_code == 200
        seen.append(len(response.json()))
        answers += 1
        time.sleep(0.05)
    outputs = [p.communicate(timeout=60) for p in (first, second)]

    assert answers > 3 and seen == sorted(seen)  # the reader kept answering; counts only grew
    # writers take turns (short batch transactions, busy timeout): both finish, none fails
    for process, (out, err) in zip((first, second), outputs):
        assert process.returncode == 0 and "Traceback" not in err, err
    new = sum(int(re.search(r"(\d+) new", out).group(1)) for out, _ in outputs)
    stored = sum(int(re.search(r"quotes stored: (\d+)", out).group(1)) for out, _ in outputs)
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert connection.execute("select count(*), count(distinct sha256) from articles").fetchone() == (N, N)
        assert new == N
        assert stored == connection.execute("select count(*) from quotes").fetchone()[0]
