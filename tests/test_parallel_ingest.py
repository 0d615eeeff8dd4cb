"""Parallel ingest: worker processes extract, one writer stores; same result as one process."""
import sqlite3

from quotedb.ingest import BATCH_SIZE, ingest

from .conftest import SEEDS

CONTENT = {  # everything but the ingest time
    "articles": "select id, source, sha256, text from articles order by id",
    "quotes": "select * from quotes order by id",
    "speakers": "select * from speakers order by id",
    "organizations": "select * from organizations order by id",
    "speaker_stats": "select * from speaker_stats order by speaker",
}


def _corpus(directory, n):
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (directory / f"a{i:04d}.txt").write_text(f"Copy {i}\n\n{text}", encoding="utf-8")
    (directory / "broken.txt").write_bytes(b"\x00\x01binary")


def _dump(path):
    with sqlite3.connect(path) as connection:
        return {table: connection.execute(sql).fetchall() for table, sql in CONTENT.items()}


def test_two_workers_store_exactly_what_one_process_stores(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 2 * BATCH_SIZE + 7  # more than two batches in flight, the last one partial
    _corpus(corpus, n)
    one = ingest([corpus], tmp_path / "one.db", nlp="rules", workers=1)
    two = ingest([corpus], tmp_path / "two.db", nlp="rules", workers=2)
    assert (two.new, two.failed, two.quotes) == (one.new, one.failed, one.quotes) == (n, 1, one.quotes)
    assert [f.source for f in two.failures] == [str(corpus / "broken.txt")]
    assert _dump(tmp_path / "two.db") == _dump(tmp_path / "one.db")
