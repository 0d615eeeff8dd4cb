"""Hostile migrations: paused or killed at every step, interrupted by an older quotedb, undone and redone.

A migration is one transaction: a second connection sees the database before it or after it,
never between; a killed one leaves where it started, and the next command finishes the job.
Databases left damaged by older versions (a leftover _alembic_tmp_ table, a head without its
view, triggers or summaries) are repaired by writers and refused, with the repairing command,
by readers.
"""
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from quotedb import db
from quotedb.schema import TRIGGERS
from quotedb.store import Store

from .conftest import make_processed, quote_of, run_cli as run

HEAD = db.head_revision()


def rows(path, sql):
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def schema_state(path):
    """What a second, read-only connection sees: the revision and every schema object."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        objects = sorted(connection.execute("select type, name from sqlite_master where name not like 'sqlite_%'"))
        try:
            revision = connection.execute("select version_num from alembic_version").fetchall()
        except sqlite3.OperationalError:
            revision = None
        return revision, objects


def data(path):
    """Every row of every table that holds data (the summaries are derived, and rebuilt)."""
    return {table: rows(path, f"select * from {table} order by 1")
            for table in ("articles", "speakers", "speaker_aliases", "organizations", "organization_aliases", "quotes")}


@pytest.fixture
def rich_db(populated_db):
    """populated_db plus an unnamed source (no speakers row: its kind and type live on the quote)."""
    text = 'A ministry official said "the talks were postponed."'
    unnamed = quote_of(text, "the talks were postponed.", speaker_mention="A ministry official",
                       speaker_kind="anonymous", speaker_type="official", rule="nominal", confidence=0.6)
    engine = db.engine_for(populated_db)
    with engine.begin() as connection:
        Store(connection).save(make_processed("c/official.txt", text, [unnamed]))
    engine.dispose()
    db.refresh_summaries(populated_db)
    return populated_db


class Statements:
    """Calls `at_each(n)` after the n-th SQL statement any engine runs (a migration's steps)."""

    def __init__(self, at_each):
        self.at_each, self.count = at_each, 0

    def _after(self, *_args):
        self.count += 1
        self.at_each(self.count)

    def __enter__(self):
        event.listen(Engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc):
        event.remove(Engine, "after_cursor_execute", self._after)


# name: (where it starts, the migration, the same as a command, the revision it ends at)
MIGRATIONS = {
    "upgrade from 0001": ("0001", lambda path: db.upgrade(path), ["db", "upgrade"], HEAD),
    "downgrade to 0003": (HEAD, lambda path: db.downgrade(path, "0003"), ["db", "downgrade", "--revision", "0003"], "0003"),
}


def _at_start(path, start):
    if start != HEAD:
        db.downgrade(path, start)
    return schema_state(path), data(path)


@pytest.mark.parametrize("name", sorted(MIGRATIONS))
def test_a_second_connection_sees_no_step_of_a_migration(rich_db, name):
    start, migrate, _command, end = MIGRATIONS[name]
    before, before_data = _at_start(rich_db, start)
    seen = []
    with Statements(lambda n: seen.append(schema_state(rich_db))) as statements:
        migrate(rich_db)
    assert statements.count > 50  # batch copies, indexes, tables: every one a step it was paused at
    assert all(state == before for state in seen), next(state for state in seen if state != before)
    after = schema_state(rich_db)
    assert after != before and after[0] == [(end,)]


def _killed_at(path, migrate, step: int) -> int:
    """Run the migration in a child process SIGKILLed right after its `step`-th statement."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        def kill(n):
            if n == step:
                os.kill(os.getpid(), signal.SIGKILL)
        try:
            with Statements(kill):
                migrate(path)
        finally:
            os._exit(0)
    return os.waitpid(pid, 0)[1]


@pytest.mark.parametrize("name", sorted(MIGRATIONS))
def test_a_migration_killed_at_any_step_leaves_its_start_and_the_next_command_finishes(rich_db, tmp_path, name):
    start, migrate, command, end = MIGRATIONS[name]
    before, before_data = _at_start(rich_db, start)
    pristine = tmp_path / "pristine.db"
    with sqlite3.connect(rich_db) as source, sqlite3.connect(pristine) as copy:
        source.backup(copy)
    with Statements(lambda n: None) as statements:
        migrate(pristine)  # how many steps it has
    for step in range(1, statements.count, max(1, statements.count // 12)):
        status = _killed_at(rich_db, migrate, step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        assert schema_state(rich_db) == before, f"killed after step {step}"
        assert rows(rich_db, "pragma integrity_check") == [("ok",)]
    assert data(rich_db) == before_data
    result = run(*command, "--db", rich_db)
    assert result.exit_code == 0 and f"at revision {end}" in result.output
    assert schema_state(rich_db) == schema_state(pristine)


def test_a_leftover_batch_table_never_blocks_upgrade_or_ingest(rich_db, tmp_path):
    # What an upgrade killed by an older quotedb left: 0001, and an empty copy of quotes
    # its batch migration had committed before being killed.
    db.downgrade(rich_db, "0001")
    with sqlite3.connect(rich_db) as connection:
        connection.execute("create table _alembic_tmp_quotes as select * from quotes where 0")
    before = rows(rich_db, "select id, text from quotes order by id")
    result = run("db", "upgrade", "--db", rich_db)
    assert result.exit_code == 0, result.output
    assert db.current_revision(rich_db) == HEAD
    assert rows(rich_db, "select id, text from quotes order by id") == before
    assert not rows(rich_db, "select name from sqlite_master where name like '_alembic_tmp_%'")

    with sqlite3.connect(rich_db) as connection:  # the same at head, met by an ingest
        connection.execute("create table _alembic_tmp_speakers as select * from speakers where 0")
    article = tmp_path / "new.txt"
    article.write_text('Kim Min-jun, a professor at Seoul National University, said "the timing matters."\n')
    result = run("ingest", article, "--db", rich_db, "--nlp", "rules")
    assert result.exit_code == 0, result.output
    assert not rows(rich_db, "select name from sqlite_master where name like '_alembic_tmp_%'")


def test_a_copy_holding_the_only_rows_is_kept_and_named(rich_db):
    with sqlite3.connect(rich_db) as connection:
        connection.execute("drop view attributed_quotes")
        connection.execute("alter table speaker_aliases rename to _alembic_tmp_speaker_aliases")
    result = run("db", "upgrade", "--db", rich_db)
    assert result.exit_code == 1
    assert "speaker_aliases is missing and _alembic_tmp_speaker_aliases holds its rows" in result.output
    assert rows(rich_db, "select count(*) from _alembic_tmp_speaker_aliases")[0][0] > 0


def _damage(path):
    """What a downgrade killed by an older quotedb left: head, without the view, the FTS
    triggers and a summary table."""
    with sqlite3.connect(path) as connection:
        connection.execute("drop view attributed_quotes")
        for trigger in TRIGGERS:
            connection.execute(f"drop trigger {trigger}")
        connection.execute("drop table speaker_stats")


def test_readers_refuse_a_damaged_database_with_the_command_that_repairs_it(rich_db):
    _damage(rich_db)
    for args in (["export"], ["db", "current"]):
        result = run(*args, "--db", rich_db)
        assert result.exit_code == 1, (args, result.output)
        assert f"run `quotedb db upgrade --db {rich_db}` to repair it" in result.output
        assert "view attributed_quotes" in result.output and "table speaker_stats" in result.output
    served = subprocess.run([sys.executable, "-m", "quotedb", "serve", "--db", str(rich_db), "--get",
                             "/q/attributed_quotes.json"], capture_output=True, text=True, timeout=120)
    assert served.returncode == 1 and "Traceback" not in served.stderr
    assert "to repair it" in served.stderr


def test_upgrade_at_head_repairs_a_damaged_database(rich_db):
    _damage(rich_db)
    result = run("db", "upgrade", "--db", rich_db)
    assert result.exit_code == 0, result.output
    assert db.schema_problems(rich_db) == []
    assert rows(rich_db, "select count(*) from speaker_stats")[0][0] > 0  # rebuilt, not only recreated
    assert run("export", "--db", rich_db).exit_code == 0


def test_ingest_repairs_a_damaged_database_before_storing(tmp_path):
    article = tmp_path / "corpus" / "talks.txt"
    article.parent.mkdir()
    article.write_text('Hong Min, a senior research fellow at KINU, said "the summit will be delayed."\n')
    path = tmp_path / "quotes.db"
    assert run("ingest", article.parent, "--db", path, "--nlp", "rules").exit_code == 0
    _damage(path)
    # The article changes: its old quotes are replaced, and search must forget them.
    article.write_text('Hong Min, a senior research fellow at KINU, said "the summit went ahead."\n')
    result = run("ingest", article.parent, "--db", path, "--nlp", "rules")
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    assert db.schema_problems(path) == []
    assert rows(path, "select count(*) from quotes_fts where quotes_fts match 'delayed'") == [(0,)]
    assert rows(path, "select count(*) from quotes_fts where quotes_fts match 'ahead'") == [(1,)]
    assert rows(path, "select speaker, quotes from speaker_stats") == [("Hong Min", 1)]
    assert rows(path, "select quote from attributed_quotes") == [("the summit went ahead.",)]


def test_downgrade_below_0004_and_upgrade_again_keeps_every_column(rich_db):
    before = data(rich_db)
    summaries_before = rows(rich_db, "select * from speaker_stats order by 1")
    assert ("anonymous", "official") in {(r[-2], r[-1]) for r in before["quotes"]}  # the unnamed source
    for target in ("0003", "0001"):
        db.downgrade(rich_db, target)
        db.upgrade(rich_db)
        assert data(rich_db) == before, target
        assert rows(rich_db, "select * from speaker_stats order by 1") == summaries_before
    assert not rows(rich_db, "select name from sqlite_master where name like '_quotedb_%'")


def test_what_0004_kept_aside_goes_with_a_downgrade_to_base(rich_db):
    db.downgrade(rich_db, "base")
    assert rows(rich_db, "select name from sqlite_master where type = 'table' and name not like 'sqlite_%'") == [("alembic_version",)]


def test_downgrade_to_base_asks_first_and_says_what_it_deletes(rich_db):
    counts = {table: rows(rich_db, f"select count(*) from {table}")[0][0] for table in ("articles", "quotes")}
    result = run("db", "downgrade", "--db", rich_db, "--revision", "base", input="n\n")
    assert result.exit_code == 1
    assert f"deletes {counts['articles']} articles, {counts['quotes']} quotes" in result.output
    assert db.current_revision(rich_db) == HEAD and data(rich_db)["quotes"]

    result = run("db", "downgrade", "--db", rich_db, "--revision", "0004")  # deletes nothing: no question
    assert result.exit_code == 0 and "Delete them?" not in result.output
    result = run("db", "downgrade", "--db", rich_db, "--revision", "base", "--yes")
    assert result.exit_code == 0 and "at revision None" in result.output


def test_an_unknown_revision_is_one_line(rich_db):
    result = run("db", "downgrade", "--db", rich_db, "--revision", "9999")
    assert result.exit_code == 1 and "9999" in result.output
