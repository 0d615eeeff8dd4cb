"""Schema extras that SQLModel cannot declare: full-text search, its triggers, the flat view.

Declared as data and applied idempotently after every migration: SQLite batch migrations
recreate tables, which silently drops their triggers, so they are re-ensured each time.
"""
from __future__ import annotations

FTS_TABLE = "quotes_fts"
VIEWS = ("attributed_quotes",)
TRIGGERS = ("quotes_fts_delete", "quotes_fts_update", "speakers_fts_update")

# The text the FTS index holds for one quote: its words and its speaker's name.
_FTS_ROW = """
    SELECT q.id, q.text, coalesce(s.name, '') , coalesce(q.speaker_mention, '')
    FROM quotes q LEFT JOIN speakers s ON s.id = q.speaker_id
"""

EXTRAS: list[str] = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}
        USING fts5(text, speaker, speaker_mention, tokenize = 'unicode61 remove_diacritics 2')""",
    # New quotes are indexed by the writer (index_for_search), a batch at a time: an insert
    # trigger indexed them one statement each, and that took 3/4 of the writing time.
    "DROP TRIGGER IF EXISTS quotes_fts_insert",
    f"""CREATE TRIGGER IF NOT EXISTS quotes_fts_delete AFTER DELETE ON quotes BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS quotes_fts_update AFTER UPDATE ON quotes BEGIN
        DELETE FROM {FTS_TABLE} WHERE rowid = old.id;
        INSERT INTO {FTS_TABLE}(rowid, text, speaker, speaker_mention)
        {_FTS_ROW} WHERE q.id = new.id;
    END""",
    # A speaker renamed (canonical name improved) must stay findable by its new name.
    f"""CREATE TRIGGER IF NOT EXISTS speakers_fts_update AFTER UPDATE OF name ON speakers BEGIN
        UPDATE {FTS_TABLE} SET speaker = new.name
        WHERE rowid IN (SELECT id FROM quotes WHERE speaker_id = new.id);
    END""",
    "DROP VIEW IF EXISTS attributed_quotes",
    """CREATE VIEW attributed_quotes AS
    SELECT
        q.id AS id,
        q.text AS quote,
        q.type AS type,
        s.name AS speaker,
        coalesce(s.kind, q.speaker_kind) AS speaker_kind,
        coalesce(s.speaker_type, q.speaker_type) AS speaker_type,
        q.speaker_mention AS speaker_mention,
        q.role AS role,
        o.name AS organization,
        o.kind AS organization_kind,
        o.country AS organization_country,
        q.cue AS cue,
        a.outlet AS outlet,
        a.published AS published,
        a.language AS language,
        a.title AS title,
        a.source AS source,
        a.doc AS doc,
        q.article_id AS article_id,
        q.paragraph AS paragraph,
        q.start AS start,
        q."end" AS "end",
        q.rule AS rule,
        q.confidence AS confidence,
        q.statement_id AS statement_id
    FROM quotes q
    JOIN articles a ON a.id = q.article_id
    LEFT JOIN speakers s ON s.id = q.speaker_id
    LEFT JOIN organizations o ON o.id = q.organization_id""",
]


def index_for_search(connection, article_ids: list[int]) -> None:
    """Add the quotes of these articles to the FTS index (a sqlite3 connection, in its transaction).

    Their old quotes, if any, were deleted first (the delete trigger takes them out of it).
    """
    for start in range(0, len(article_ids), 500):  # stays under SQLite's limit on parameters
        chunk = article_ids[start:start + 500]
        connection.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, text, speaker, speaker_mention) {_FTS_ROW}"
            f" WHERE q.article_id IN ({', '.join('?' for _ in chunk)})",
            chunk,
        )


# Rebuilding the index from the quotes table makes it exact whatever happened before.
REBUILD_FTS = [f"DELETE FROM {FTS_TABLE}", f"INSERT INTO {FTS_TABLE}(rowid, text, speaker, speaker_mention) {_FTS_ROW}"]


def is_extra(name: str) -> bool:
    """Objects Alembic autogenerate must leave alone (FTS table and its shadow tables, views)."""
    return name.startswith(FTS_TABLE) or name in VIEWS


# Triggers and views name the quotes table: SQLite refuses the table swap of a batch
# migration while they exist, so migrations run between drop_extras and apply_extras.
DROP_EXTRAS = [
    *(f"DROP VIEW IF EXISTS {view}" for view in VIEWS),
    "DROP TRIGGER IF EXISTS quotes_fts_insert",  # databases made before index_for_search
    *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in TRIGGERS),
]


def _driver(connection):
    """The sqlite3 connection of a SQLAlchemy Connection (inside a migration), or itself."""
    return connection.connection.driver_connection if hasattr(connection, "connection") else connection


def _run(connection, statements: list[str]) -> None:
    driver = _driver(connection)
    for sql in statements:
        driver.execute(sql)


def missing_extras(connection) -> list[str]:
    """The FTS table, triggers and views this database lacks ("view attributed_quotes", ...)."""
    expected = {("table", FTS_TABLE), *(("view", v) for v in VIEWS), *(("trigger", t) for t in TRIGGERS)}
    present = {tuple(row) for row in _driver(connection).execute("SELECT type, name FROM sqlite_master")}
    return [f"{kind} {name}" for kind, name in sorted(expected - present)]


def drop_extras(connection) -> None:
    _run(connection, DROP_EXTRAS)


def apply_extras(connection, rebuild: bool = True) -> None:
    """Create the FTS table, triggers and views if missing; optionally resync the index."""
    _run(connection, EXTRAS + (REBUILD_FTS if rebuild else []))
