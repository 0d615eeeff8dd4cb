"""Database edge: connections, the write lock, and Alembic migrations wrapped as a Python API.

Readers (`db current`, `export`, `serve`) open the file read-only: in WAL mode they never wait
for a writer. Writers take SQLite's write lock up front (BEGIN IMMEDIATE); one that finds it
held says so (WriteLock.on_wait) and waits up to WriteLock.timeout seconds, then gives up with
one line. A migration runs whole in one transaction under that lock, its schema extras (FTS
triggers, the view) included: a second connection sees the database before it or after it,
never between, and a killed migration leaves the revision it started from.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine

from . import summaries, tables
from .schema import apply_extras, missing_extras

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"  # shipped inside the package
DEFAULT_LOCK_TIMEOUT = 30.0  # seconds a writer waits for another one to finish
QUIET_WAIT = 1.0  # seconds waited for the write lock before saying so (chunks of two ingests interleave)
READ_TIMEOUT = 5.0  # readers: SQLite's own short waits (WAL recovery), never the write lock
ANALYSIS_LIMIT = 1000  # rows sampled per index by ANALYZE
BATCH_PREFIX = "_alembic_tmp_"  # Alembic's batch mode copies a table into _alembic_tmp_<name>, then swaps them
DATA_TABLES = ("articles", "quotes", "speakers", "organizations")  # what `db downgrade` to base deletes


class DatabaseError(Exception):
    """A database problem with a message meant for the user."""


class DiskFull(DatabaseError):
    """The disk is full: every transaction committed before is kept."""


@dataclass(frozen=True)
class WriteLock:
    """How a writer waits for the write lock another process holds (an ingest, a migration).

    It waits QUIET_WAIT seconds without a word, then calls on_wait once with a message, and
    gives up with DatabaseError after `timeout` seconds in all.
    """

    timeout: float = DEFAULT_LOCK_TIMEOUT
    on_wait: Callable[[str], None] | None = None


def _error_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an sqlite3 error, or of the one a SQLAlchemy error wraps."""
    code = getattr(getattr(exc, "orig", exc), "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def is_locked(exc: BaseException) -> bool:
    return _error_code(exc) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, DiskFull) or _error_code(exc) == sqlite3.SQLITE_FULL


def locked_message(db_path: str | Path, timeout: float) -> str:
    return (f"{db_path}: another process kept the database locked for {timeout:g} s (an ingest or a migration); "
            "try again when it has finished, or wait longer with --lock-timeout")


def describe(exc: BaseException, db_path: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> str:
    """One line for the user about an SQLite (or SQLAlchemy) error on db_path."""
    if is_locked(exc):
        return locked_message(db_path, lock_timeout)
    if is_disk_full(exc):
        return f"{db_path}: disk full; what was committed before is kept: free some space and re-run"
    return f"{db_path}: {getattr(exc, 'orig', None) or exc}"


def _ms(seconds: float) -> int:
    return max(0, int(seconds * 1000))


def begin_write(connection: sqlite3.Connection, db_path: str | Path, lock: WriteLock) -> None:
    """BEGIN IMMEDIATE on a connection in autocommit mode: the write lock now, waited for as `lock` says."""
    quiet = min(QUIET_WAIT, lock.timeout)
    try:
        connection.execute(f"PRAGMA busy_timeout = {_ms(quiet)}")
        try:
            connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or lock.timeout <= quiet:
                raise
        if lock.on_wait:
            lock.on_wait(f"{db_path}: waiting for another ingest to finish… (another process is writing to the "
                         f"database; waiting up to {lock.timeout:g} s)")
        connection.execute(f"PRAGMA busy_timeout = {_ms(lock.timeout - quiet)}")
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            raise DatabaseError(locked_message(db_path, lock.timeout)) from None
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout = {_ms(lock.timeout)}")


def _prepare_writer(connection: sqlite3.Connection, lock: WriteLock, foreign_keys: bool) -> None:
    # Transactions are begun by us (begin_write), not by the sqlite3 module, which begins none
    # before DDL: so that DDL is transactional, savepoints work and a writer takes the lock up front.
    connection.isolation_level = None
    connection.execute(f"PRAGMA busy_timeout = {_ms(lock.timeout)}")
    # WAL lets readers (Datasette, export) read while an ingest writes.
    connection.execute("PRAGMA journal_mode = WAL")
    # Off for migrations, as SQLite's procedure for recreating a table asks.
    connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
    # In WAL mode NORMAL never corrupts and survives a killed process; a power cut may
    # lose the last commits. FULL would sync the disk at every batch.
    connection.execute("PRAGMA synchronous = NORMAL")
    # Checkpoint every 10,000 pages (40 MB of WAL), not 1,000: a page that many batches change
    # is copied into the database file once per checkpoint, so ingest writes less.
    connection.execute("PRAGMA wal_autocheckpoint = 10000")


def engine_for(db_path: str | Path, lock: WriteLock = WriteLock(), foreign_keys: bool = True) -> Engine:
    """An engine for writing: every transaction it begins holds the write lock (begin_write)."""
    engine = create_engine(f"sqlite:///{db_path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        _prepare_writer(dbapi_connection, lock, foreign_keys)

    @event.listens_for(engine, "begin")
    def _begin(connection):
        begin_write(connection.connection.driver_connection, db_path, lock)

    return engine


def _connect_for_write(db_path: str | Path, lock: WriteLock) -> sqlite3.Connection:
    connection = sqlite3.connect(db_path, timeout=lock.timeout)
    _prepare_writer(connection, lock, foreign_keys=True)
    return connection


@contextmanager
def write_transaction(db_path: str | Path, lock: WriteLock = WriteLock(),
                      foreign_keys: bool = True) -> Iterator[Connection]:
    """A SQLAlchemy connection holding the write lock; committed when the block ends, rolled back on error."""
    engine = engine_for(db_path, lock, foreign_keys)
    try:
        with engine.connect() as connection, connection.begin():
            yield connection
    finally:
        engine.dispose()


def connect_readonly(db_path: str | Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=READ_TIMEOUT)


def alembic_config(db_path: str | Path) -> Config:
    if not (MIGRATIONS_DIR / "env.py").exists():
        raise DatabaseError(f"migrations not found in {MIGRATIONS_DIR}: the quotedb installation is incomplete; reinstall it")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def _check_sqlite_file(db_path: str | Path) -> None:
    path = Path(db_path)
    if path.exists():
        if path.is_dir():
            raise DatabaseError(f"{path}: is a directory, not a database file")
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head and head != b"SQLite format 3\x00":
            raise DatabaseError(f"{path}: not an SQLite database")
    elif not path.parent.exists():
        raise DatabaseError(f"{path.parent}: directory does not exist")


def _run_alembic(connection: Connection, db_path: str | Path, operation: Callable, revision: str) -> None:
    """An Alembic command in the caller's transaction (migrations/env.py neither begins nor commits it)."""
    config = alembic_config(db_path)
    config.attributes["connection"] = connection
    operation(config, revision)


def upgrade(db_path: str | Path, revision: str = "head", lock: WriteLock = WriteLock()) -> None:
    """Migrate up to `revision` in one transaction; a database already at head is repaired instead."""
    _check_sqlite_file(db_path)
    head = head_revision(db_path)
    with write_transaction(db_path, lock, foreign_keys=False) as connection:
        # Read under the lock: another process (a second first ingest) may have migrated it meanwhile.
        if revision in ("head", head) and MigrationContext.configure(connection).get_current_revision() == head:
            repair(connection)
        else:
            _run_alembic(connection, db_path, command.upgrade, revision)
    if current_revision(db_path) == head and _has_articles(db_path):
        analyze(db_path, lock)  # a migration may have added indexes the planner has no statistics for
        refresh_summaries(db_path, only_if_stale=True, lock=lock)  # a migration or repair may have added summaries


def downgrade(db_path: str | Path, revision: str, lock: WriteLock = WriteLock()) -> None:
    """Migrate down to `revision` in one transaction (see downgrade_losses for what base deletes)."""
    _check_sqlite_file(db_path)
    with write_transaction(db_path, lock, foreign_keys=False) as connection:
        _run_alembic(connection, db_path, command.downgrade, revision)


def downgrade_losses(db_path: str | Path, revision: str) -> dict[str, int]:
    """The rows downgrading to `revision` deletes for good, per table ({} when none).

    Only undoing 0001 (to base) deletes data: the summaries dropped below 0005 are rebuilt from
    the data by the upgrade, and below 0004 the speaker kinds of unnamed sources are kept aside
    for it.
    """
    current = current_revision(db_path)
    if current is None:
        return {}
    script = ScriptDirectory.from_config(alembic_config(db_path))
    undone = {step.revision for step in script.iterate_revisions(current, revision)}
    if "0001" not in undone:
        return {}
    with closing(connect_readonly(db_path)) as connection:
        counts = {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in DATA_TABLES}
    return {table: count for table, count in counts.items() if count}


def drop_batch_leftovers(connection) -> list[str]:
    """Drop the _alembic_tmp_* copies an interrupted batch migration left; returns their names.

    A copy whose original still exists is only ever partial (the copy, the drop of the original
    and the rename are one transaction), so it goes. A copy whose original is gone is where
    that table's rows are: it is never dropped, the user is told instead.
    """
    names = {row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
    leftovers = sorted(name for name in names if name.startswith(BATCH_PREFIX))
    for name in leftovers:
        original = name[len(BATCH_PREFIX):]
        if original not in names:
            raise DatabaseError(
                f"table {original} is missing and {name} holds its rows (a migration was interrupted): "
                f"rename it back (ALTER TABLE {name} RENAME TO {original}) and run `quotedb db upgrade`"
            )
        connection.exec_driver_sql(f'DROP TABLE "{name}"')
    return leftovers


def _missing(connection: sqlite3.Connection) -> list[str]:
    present = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return [f"table {name}" for name in tables.metadata.tables if name not in present] + missing_extras(connection)


def repair(connection: Connection) -> list[str]:
    """Put back what a database at head lacks, in the caller's write transaction; returns what that was.

    Tables of the models (summaries included), the FTS table, its triggers and the view: what a
    migration interrupted by an older quotedb, or a hand, may have left out. The FTS index is
    rebuilt (a missing trigger let it drift) and the summaries marked stale (one may be new).
    """
    leftovers = drop_batch_leftovers(connection)
    missing = _missing(connection.connection.driver_connection)
    if missing:
        tables.metadata.create_all(connection, checkfirst=True)
        apply_extras(connection)
        connection.exec_driver_sql("DELETE FROM summary_state")
    return [f"table {name}" for name in leftovers] + missing


def schema_problems(db_path: str | Path, leftovers: bool = False) -> list[str]:
    """What a database at head lacks ("view attributed_quotes", ...), read without any lock;
    with `leftovers`, the copies an interrupted batch migration left too (they only bother writers)."""
    with closing(connect_readonly(db_path)) as connection:
        problems = _missing(connection)
        if leftovers:
            problems += [f"table {row[0]}" for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?",
                (len(BATCH_PREFIX), BATCH_PREFIX),
            )]
        return problems


def _has_articles(db_path: str | Path) -> bool:
    with closing(connect_readonly(db_path)) as connection:
        return connection.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1


def analyze(db_path: str | Path, lock: WriteLock = WriteLock()) -> None:
    """Refresh the query planner's statistics (sqlite_stat1); idempotent.

    Without them SQLite guesses, and on a large database it guesses badly for the view
    attributed_quotes (a sort of every quote for "newest first" instead of reading the dates
    index). `analysis_limit` samples each index instead of reading it whole, so this takes
    well under a second even at 100,000 articles; the estimates are as good for planning.
    Run after each ingest that stored something, and after migrations of a non-empty database
    (a new database gets SQLite's default estimates until its first ingest ends).
    """
    with closing(_connect_for_write(db_path, lock)) as connection:
        connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        begin_write(connection, db_path, lock)
        connection.execute("ANALYZE")
        connection.execute("COMMIT")


def refresh_summaries(db_path: str | Path, only_if_stale: bool = False, workers: int = 1,
                      lock: WriteLock = WriteLock()) -> bool:
    """Rebuild the summary tables (quotedb.summaries), in `workers` processes; returns whether it did.

    Staleness is read without a lock first, so that an up-to-date database never waits for a writer.
    """
    if only_if_stale:
        with closing(connect_readonly(db_path)) as connection:
            if not summaries.is_stale(connection):
                return False
    with closing(_connect_for_write(db_path, lock)) as connection:
        begin_write(connection, db_path, lock)
        if only_if_stale and not summaries.is_stale(connection):  # refreshed by another process meanwhile
            connection.execute("ROLLBACK")
            return False
        summaries.refresh(connection, db_path, workers)
        connection.execute("COMMIT")
        return True


def current_revision(db_path: str | Path) -> str | None:
    """The database's revision, read through a read-only connection (None: no schema yet)."""
    _check_sqlite_file(db_path)
    if not Path(db_path).exists():
        return None
    with closing(connect_readonly(db_path)) as connection:
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
    return row[0] if row else None


def head_revision(db_path: str | Path = ":memory:") -> str | None:
    return ScriptDirectory.from_config(alembic_config(db_path)).get_current_head()


def ensure_current(db_path: str | Path, lock: WriteLock = WriteLock()) -> None:
    """Bring a new, old or damaged database to the latest schema (what `ingest` does by itself)."""
    if current_revision(db_path) != head_revision(db_path) or schema_problems(db_path, leftovers=True):
        upgrade(db_path, lock=lock)
