"""Ingest API: paths in, articles and quotes stored, a report out.

Extraction may run in several worker processes; writing is done by this process alone
(SQLite has one writer), in batches of BATCH_SIZE articles per transaction.
"""
from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import OperationalError

from . import db
from .pipeline import process
from .records import Processed
from .sources import DEFAULT_MAX_BYTES, Failure, RawDocument, iter_documents
from .store import Store

# Articles per transaction: each commit writes every page it changed to the WAL (and flushes the
# FTS index into a new segment), so bigger batches write less: 500 writes about 63 KB per article
# where 200 wrote 88 KB, and that disk traffic costs every process CPU time on this machine. A crash
# loses at most this many articles' work, which a re-run redoes.
BATCH_SIZE = 500


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: int = 0
    quotes: int = 0
    failures: list[Failure] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"articles: {self.new} new, {self.unchanged} unchanged, {self.updated} updated, "
            f"{self.failed} failed; quotes stored: {self.quotes}"
        )


def process_safely(item: RawDocument | Failure, nlp: str, model_dir: str | None = None) -> Processed | Failure:
    if isinstance(item, Failure):
        return item
    try:
        return process(item, nlp=nlp, model_dir=model_dir)
    except Exception as exc:  # one bad document never stops the batch
        return Failure(item.source, f"could not process: {type(exc).__name__}: {exc}")


def _one_thread_per_worker() -> None:
    """The workers are the parallelism: torch's own threads would only fight over the cores."""
    import torch

    torch.set_num_threads(1)


def _process_all(documents: Iterator, nlp: str, model_dir: str | None, workers: int) -> Iterator[Processed | Failure]:
    if workers <= 1:
        for item in documents:
            yield process_safely(item, nlp, model_dir)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_one_thread_per_worker) as pool:
        # Double-buffered, a batch at a time: the workers extract the next batch while this
        # process stores the last one; at most two batches of documents are in memory. Two
        # chunks per worker and batch: each chunk costs this process a round of pool messages.
        chunksize = max(1, BATCH_SIZE // (2 * workers))
        pending = None
        while True:
            batch = [(item, nlp, model_dir) for item in itertools.islice(documents, BATCH_SIZE)]
            submitted = pool.starmap_async(process_safely, batch, chunksize=chunksize) if batch else None
            if pending is not None:
                yield from pending.get()
            if submitted is None:
                return
            pending = submitted


def ingest(
    paths: Iterable[str | os.PathLike],
    db_path: str | Path,
    nlp: str = "auto",
    model_dir: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> IngestReport:
    """Store every document under `paths` in `db_path`, upgrading its schema first.

    Documents are extracted first, then written BATCH_SIZE at a time in one short
    transaction, each article in its own savepoint: a crash loses at most the open batch,
    never part of an article, and a re-run completes it.
    """
    db.ensure_current(db_path)
    report = IngestReport()

    def fail(failure: Failure) -> None:
        report.failed += 1
        report.failures.append(failure)
        if on_failure:
            on_failure(failure)

    engine = db.engine_for(db_path)
    try:
        with engine.connect() as connection:
            store = Store(connection)
            batch: list[Processed] = []

            def flush() -> None:
                try:
                    connection.begin()
                except OperationalError as exc:
                    raise db.DatabaseError(
                        f"{db_path}: {exc.orig}: another process is writing to it (waited {db.BUSY_TIMEOUT_MS // 1000} s)"
                    ) from None
                for item, outcome in zip(batch, store.save_all(batch)):
                    if isinstance(outcome, Exception):
                        fail(Failure(item.raw.source, f"could not store: {type(outcome).__name__}: {outcome}"))
                        continue
                    status, stored = outcome
                    setattr(report, status, getattr(report, status) + 1)
                    report.quotes += stored
                connection.commit()
                batch.clear()

            for item in _process_all(iter_documents(paths, max_bytes=max_bytes), nlp, model_dir, workers):
                if on_document:
                    on_document(item.source if isinstance(item, Failure) else item.raw.source)
                if isinstance(item, Failure):
                    fail(item)
                    continue
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    flush()
            if batch:
                flush()
    finally:
        engine.dispose()
    if report.new or report.updated:
        db.analyze(db_path)  # the planner's statistics follow the data (cheap, idempotent)
    # Also after a run that stored nothing new: the run before it may have been killed
    # between its last batch and its refresh.
    db.refresh_summaries(db_path, only_if_stale=True)
    return report
