"""Alembic migrations: round trips on a populated database, models in sync, FTS kept alive."""
import sqlite3

from alembic import command

from quotedb import db
from quotedb.store import Store

from .conftest import make_processed, quote_of


def _rows(path, sql):
    with sqlite3.connect(path) as connection:
        return connection.execute(sql).fetchall()


def _search(path, words):
    return _rows(path, f"select rowid from quotes_fts where quotes_fts match '{words}' order by rowid")


def test_upgrade_downgrade_upgrade_keeps_data(populated_db):
    before = _rows(populated_db, "select id, text, speaker_id, organization_id from quotes order by id")
    assert len(before) == 3
    db.downgrade(populated_db, "0001")
    assert db.current_revision(populated_db) == "0001"
    assert _rows(populated_db, "select id, text, speaker_id, organization_id from quotes order by id") == before
    db.upgrade(populated_db)
    assert db.current_revision(populated_db) == db.head_revision()
    assert _rows(populated_db, "select id, text, speaker_id, organization_id from quotes order by id") == before
    assert _search(populated_db, "swiftly") == [(before[0][0],)]


def test_downgrade_to_base_removes_everything(populated_db):
    db.downgrade(populated_db, "base")
    names = {r[0] for r in _rows(populated_db, "select name from sqlite_master")}
    assert not names & {"quotes", "articles", "quotes_fts", "attributed_quotes"}


def test_models_and_migrations_agree(tmp_path):
    path = tmp_path / "check.db"
    db.upgrade(path)
    command.check(db.alembic_config(path))  # raises when autogenerate would find changes


def test_fts_finds_new_rows_after_batch_migration(populated_db):
    # 0002 recreates the quotes table (batch mode), which drops triggers: they must come back.
    db.downgrade(populated_db, "0001")
    db.upgrade(populated_db)
    triggers = {r[0] for r in _rows(populated_db, "select name from sqlite_master where type = 'trigger'")}
    assert {"quotes_fts_delete", "quotes_fts_update"} <= triggers
    assert "quotes_fts_insert" not in triggers  # the writer indexes new quotes itself, a batch at a time
    text = 'Doo said "the power balance is no longer one-sided."'
    new = quote_of(text, "the power balance is no longer one-sided.", speaker="Doo Jin-ho", speaker_kind="person")
    engine = db.engine_for(populated_db)
    with engine.begin() as connection:
        Store(connection).save(make_processed("c/doo.txt", text, [new]))
    engine.dispose()
    (quote_id,) = _rows(populated_db, "select id from quotes where text like 'the power balance%'")[0]
    assert _search(populated_db, "balance") == [(quote_id,)]
    assert _search(populated_db, "speaker:Doo") == [(quote_id,)]


def test_quote_checks_enforced_at_head(populated_db):
    import pytest

    with sqlite3.connect(populated_db) as connection:
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute(
                "insert into quotes (article_id, text, type, start, \"end\", paragraph, rule, confidence)"
                " values (1, 'x', 'shouted', 0, 1, 0, '', 0.5)"
            )


def test_not_a_database_is_a_clear_error(tmp_path):
    import pytest

    bogus = tmp_path / "bogus.db"
    bogus.write_text("hello, I am not SQLite, just some text here")
    with pytest.raises(db.DatabaseError, match="not an SQLite database"):
        db.upgrade(bogus)
