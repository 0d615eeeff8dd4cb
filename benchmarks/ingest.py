"""Ingest throughput: articles/s, MB/s and peak memory for growing synthetic corpora.

    python benchmarks/ingest.py [--sizes 1000,10000,100000] [--backends rules,compact] [--workers 1,2]

Each run is a fresh subprocess, so the peak RSS printed is that run's own (the largest of
the writer process and its extraction workers).
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import make_corpus  # noqa: E402


def measure_one(corpus: str, db: str, backend: str, workers: int) -> None:
    """Child mode: ingest once in this fresh process and print seconds and peak RSS (KB)."""
    from quotedb.ingest import ingest

    started = time.perf_counter()
    report = ingest([corpus], db, nlp=backend, workers=workers)
    elapsed = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": elapsed, "peak_kb": max(own, workers_peak), "failed": report.failed,
                      "summary": report.summary()}))


def run_ingest(corpus: Path, db: Path, backend: str, workers: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--one", str(corpus), str(db), backend, str(workers)],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"ingest failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--backends", default="rules,compact")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--one", nargs=4, metavar=("CORPUS", "DB", "BACKEND", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        corpus, db, backend, workers = args.one
        return measure_one(corpus, db, backend, int(workers))
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'N':>8} {'backend':>8} {'workers':>7} {'seconds':>9} {'articles/s':>10} {'MB/s':>7} {'peak RSS MB':>11}")
    with tempfile.TemporaryDirectory(prefix="quotedb-bench-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}"
            size_bytes = make_corpus(corpus, n)
            for backend in args.backends.split(","):
                for workers in (int(w) for w in args.workers.split(",")):
                    db = Path(tmp) / f"{n}-{backend}-{workers}.db"
                    run = run_ingest(corpus, db, backend, workers)
                    elapsed, peak_kb = run["seconds"], run["peak_kb"]
                    print(
                        f"{n:>8} {backend:>8} {workers:>7} {elapsed:>9.1f} {n / elapsed:>10.1f} "
                        f"{size_bytes / 1e6 / elapsed:>7.2f} {peak_kb / 1024:>11.0f}",
                        flush=True,
                    )
                    db.unlink()
            for path in sorted(corpus.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()


if __name__ == "__main__":
    main()
