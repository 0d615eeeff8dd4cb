"""Ingest API: paths in, articles and quotes stored, a report out.

Documents are cut into chunks of BATCH_SIZE. A process extracts a chunk and then stores it
itself, in one transaction, as soon as the chunk before it is stored: SQLite has one writer, and
chunks are stored in the order of the input, so N processes store exactly what one stores. With
N processes, one writes while the others extract; no process only waits, and extraction results
never cross a process boundary.
"""
from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import multiprocessing.util
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import OperationalError

from . import db
from .pipeline import process_all
from .records import Processed
from .sources import DEFAULT_MAX_BYTES, Failure, RawDocument, iter_documents
from .store import Store

# Articles per transaction: each commit writes every page it changed to the WAL (and flushes the
# FTS index into a new segment), so bigger batches write less: 500 writes about 63 KB per article
# where 200 wrote 88 KB, and that disk traffic costs every process CPU time on this machine. A crash
# loses at most the chunks being extracted (one per process), which a re-run redoes.
BATCH_SIZE = 500

# One document's outcome: (source, "new" | "updated" | "unchanged" | "failed", quotes stored or reason)
Outcome = tuple[str, str, "int | str"]


class IngestError(Exception):
    """An ingest that could not go on, with a message meant for the user."""


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


class ChunkStore:
    """Extracts chunks of documents and stores each in one transaction, through its own connection.

    Each article gets its own savepoint (Store.save_all): one that fails is rolled back alone.
    """

    def __init__(self, db_path: str | Path, nlp: str, model_dir: str | None):
        self.db_path, self.nlp, self.model_dir = db_path, nlp, model_dir
        self.engine = self.connection = self.store = None

    def extract_and_store(self, chunk: list[RawDocument | Failure], turn=contextlib.nullcontext()) -> list[Outcome]:
        """`turn` is entered after extraction, around the transaction (see Turns)."""
        items = process_all(chunk, self.nlp, self.model_dir)
        with turn:
            return self._store(items)

    def _store(self, items: list[Processed | Failure]) -> list[Outcome]:
        if self.engine is None:  # opened in the process that uses it, never inherited
            self.engine = db.engine_for(self.db_path)
            self.connection = self.engine.connect()
            self.store = Store(self.connection)
        try:
            self.connection.begin()
        except OperationalError as exc:
            raise db.DatabaseError(
                f"{self.db_path}: {exc.orig}: another process is writing to it"
                f" (waited {db.BUSY_TIMEOUT_MS // 1000} s)"
            ) from None
        saved = iter(self.store.save_all([item for item in items if isinstance(item, Processed)]))
        outcomes: list[Outcome] = []
        for item in items:
            if isinstance(item, Failure):
                outcomes.append((item.source, "failed", item.reason))
                continue
            outcome = next(saved)
            if isinstance(outcome, Exception):
                outcomes.append((item.raw.source, "failed", f"could not store: {type(outcome).__name__}: {outcome}"))
            else:
                outcomes.append((item.raw.source, *outcome))
        self.connection.commit()
        return outcomes

    def close(self) -> None:
        if self.engine is not None:
            self.connection.close()
            self.engine.dispose()
            self.engine = None


class Turns:
    """Chunk i is stored only after chunk i - 1: a number shared by the processes, the next
    chunk to store, or ABORTED once a chunk failed to store (the database then holds a prefix
    of the input, which a re-run completes).

    Polled, not signalled: a multiprocessing.Condition hangs its other users when a process dies
    while waiting on it, and the waits here are rare and short.
    """

    ABORTED = -1
    POLL_SECONDS = 0.002

    def __init__(self, context):
        self._next = context.RawValue("q", 0)

    @contextlib.contextmanager
    def turn(self, index: int):
        while (current := self._next.value) != index:
            if current == self.ABORTED:
                raise IngestError("stopped: an earlier chunk could not be stored")
            time.sleep(self.POLL_SECONDS)
        try:
            yield
        except BaseException:
            self.abort()
            raise
        if self._next.value == index:  # not aborted meanwhile by the main process
            self._next.value = index + 1

    def abort(self) -> None:
        self._next.value = self.ABORTED


# The worker process's own state, set up once by _start_worker.
_worker: tuple[ChunkStore, Turns] | None = None


def _start_worker(db_path, nlp, model_dir, turns: Turns) -> None:
    global _worker
    with contextlib.suppress(Exception):  # Linux: a worker dies with a killed ingest, not storing after it
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    chunk_store = ChunkStore(db_path, nlp, model_dir)
    multiprocessing.util.Finalize(None, chunk_store.close, exitpriority=10)
    _worker = (chunk_store, turns)


def _extract_and_store(index: int, chunk: list[RawDocument | Failure]) -> list[Outcome]:
    chunk_store, turns = _worker
    return chunk_store.extract_and_store(chunk, turns.turn(index))


def _store_all(chunks: Iterator[list], db_path, nlp: str, model_dir: str | None, workers: int) -> Iterator[list[Outcome]]:
    """Each chunk's outcomes, in order; at most workers + 1 chunks in memory."""
    if workers <= 1:
        chunk_store = ChunkStore(db_path, nlp, model_dir)
        try:
            yield from map(chunk_store.extract_and_store, chunks)
        finally:
            chunk_store.close()
        return
    context = multiprocessing.get_context("fork")
    turns = Turns(context)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                             initargs=(db_path, nlp, model_dir, turns)) as pool:
        pending: deque = deque()
        try:
            for index, chunk in enumerate(chunks):
                pending.append(pool.submit(_extract_and_store, index, chunk))
                if len(pending) > workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool:
            raise IngestError(
                "an extraction process died (out of memory?); what was stored is kept: re-run to finish"
            ) from None
        finally:
            if pending:  # stopped early: no chunk after this point may be stored, or wait for one
                turns.abort()
                for future in pending:
                    future.cancel()


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    nlp: str = "auto",
    model_dir: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int = 1,
    on_failure: Callable[[Failure], None] | None = None,
    on_document: Callable[[str], None] | None = None,
) -> IngestReport:
    """Store every document under `paths` in `db_path`, upgrading its schema first.

    A crash loses at most the chunks in flight, never part of an article, and a re-run
    completes them.
    """
    db.ensure_current(db_path)
    report = IngestReport()
    documents = iter_documents(paths, max_bytes=max_bytes)
    chunks = iter(lambda: list(itertools.islice(documents, BATCH_SIZE)), [])
    for outcomes in _store_all(chunks, db_path, nlp, model_dir, workers):
        for source, status, detail in outcomes:
            if on_document:
                on_document(source)
            if status == "failed":
                failure = Failure(source, detail)
                report.failed += 1
                report.failures.append(failure)
                if on_failure:
                    on_failure(failure)
            else:
                setattr(report, status, getattr(report, status) + 1)
                report.quotes += detail
    if report.new or report.updated:
        db.analyze(db_path)  # the planner's statistics follow the data (cheap, idempotent)
    # Also after a run that stored nothing new: the run before it may have been killed
    # between its last batch and its refresh.
    db.refresh_summaries(db_path, only_if_stale=True, workers=workers)
    return report
