"""Database edge: engine set-up and Alembic migrations wrapped as a Python API."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from . import summaries

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"  # shipped inside the package
BUSY_TIMEOUT_MS = 30_000
ANALYSIS_LIMIT = 1000  # rows sampled per index by ANALYZE


class DatabaseError(Exception):
    """A database problem with a message meant for the user."""


def engine_for(db_path: str | Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", future=True)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # Transactions are begun by us (below), not by the sqlite3 module, so that
        # savepoints work and a writer takes the lock up front.
        dbapi_connection.isolation_level = None
        # WAL lets Datasette read while an ingest writes; the timeout makes a second
        # writer wait instead of failing at once.
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # In WAL mode NORMAL never corrupts and survives a killed process; a power cut may
        # lose the last commits. FULL would sync the disk at every batch.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint every 10,000 pages (40 MB of WAL), not 1,000: a page that many batches change
        # is copied into the database file once per checkpoint, so ingest writes less.
        cursor.execute("PRAGMA wal_autocheckpoint = 10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # IMMEDIATE: wait for the write lock at BEGIN (busy_timeout applies) instead of
        # failing later when a read snapshot is upgraded to a write.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


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


def upgrade(db_path: str | Path, revision: str = "head") -> None:
    _check_sqlite_file(db_path)
    command.upgrade(alembic_config(db_path), revision)
    if _has_articles(db_path):
        analyze(db_path)  # a migration may have added indexes the planner has no statistics for
        refresh_summaries(db_path, only_if_stale=True)  # a migration may have added summaries


def _has_articles(db_path: str | Path) -> bool:
    connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        return connection.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0] == 1
    except sqlite3.OperationalError:  # no articles table (downgraded to base)
        return False
    finally:
        connection.close()


def analyze(db_path: str | Path) -> None:
    """Refresh the query planner's statistics (sqlite_stat1); idempotent.

    Without them SQLite guesses, and on a large database it guesses badly for the view
    attributed_quotes (a sort of every quote for "newest first" instead of reading the dates
    index). `analysis_limit` samples each index instead of reading it whole, so this takes
    well under a second even at 100,000 articles; the estimates are as good for planning.
    Run after each ingest that stored something, and after migrations of a non-empty database
    (a new database gets SQLite's default estimates until its first ingest ends).
    """
    connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        connection.execute("ANALYZE")
        connection.commit()
    finally:
        connection.close()


def refresh_summaries(db_path: str | Path, only_if_stale: bool = False, workers: int = 1) -> bool:
    """Rebuild the summary tables (quotedb.summaries), in `workers` processes; returns whether it did."""
    connection = sqlite3.connect(db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        if only_if_stale and not summaries.is_stale(connection):
            return False
        summaries.refresh(connection, db_path, workers)
        return True
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):  # a database below revision 0005 has none to refresh
            return False
        raise
    finally:
        connection.close()


def downgrade(db_path: str | Path, revision: str) -> None:
    _check_sqlite_file(db_path)
    command.downgrade(alembic_config(db_path), revision)


def current_revision(db_path: str | Path) -> str | None:
    _check_sqlite_file(db_path)
    with engine_for(db_path).connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(db_path: str | Path = ":memory:") -> str | None:
    return ScriptDirectory.from_config(alembic_config(db_path)).get_current_head()


def ensure_current(db_path: str | Path) -> None:
    """Bring a new or old database to the latest schema (what `ingest` does by itself)."""
    if current_revision(db_path) != head_revision(db_path):
        upgrade(db_path)


def connect_readonly(db_path: str | Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
