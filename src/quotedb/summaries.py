"""Summaries: the answers to whole-corpus questions, computed once per ingest.

Counting a million quotes takes SQLite seconds, so the aggregate canned queries and the
unfiltered facet pages read tables filled here (declared in tables.py) instead. Each summary is
declared as data: its table and the SELECT that fills it from attributed_quotes. `refresh`
rebuilds all of them in one transaction (quotedb.db.refresh_summaries holds it); `is_stale`
tells whether quotes or articles changed since, which ingest checks (a killed ingest leaves
them stale; the next one refreshes them).
"""
from __future__ import annotations

import itertools
import multiprocessing
import sqlite3
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timezone

# The facets whose counts are kept (metadata.yml names them as `counted:` facets).
COUNTED_FACETS = {
    "attributed_quotes": ("speaker", "organization", "speaker_type", "type", "outlet", "language", "published"),
    "quotes": ("type", "rule"),
}

# An organization: the speaker's, or the speaker itself when an organization speaks.
_ORGANIZATION = "coalesce(organization, case when speaker_kind = 'organization' then speaker end)"

SUMMARIES: dict[str, str] = {
    "facet_counts": " UNION ALL ".join(
        f"SELECT '{table}', '{column}', [{column}], count(*) FROM {table}"
        f" WHERE [{column}] IS NOT NULL GROUP BY [{column}]"
        for table, columns in COUNTED_FACETS.items() for column in columns
    ),
    "speaker_stats": """
        SELECT speaker, speaker_type, group_concat(DISTINCT organization), count(*),
               count(DISTINCT statement_id), count(DISTINCT article_id), count(DISTINCT outlet),
               min(published), max(published)
        FROM attributed_quotes WHERE speaker IS NOT NULL
        GROUP BY speaker""",
    "speaker_outlet_stats": """
        SELECT NULL, speaker, outlet, speaker_type, group_concat(DISTINCT organization), count(*),
               count(DISTINCT statement_id), count(DISTINCT article_id), min(published), max(published)
        FROM attributed_quotes WHERE speaker IS NOT NULL
        GROUP BY speaker, outlet COLLATE NOCASE""",
    "organization_stats": f"""
        SELECT {_ORGANIZATION} AS organization, count(*), count(DISTINCT speaker), count(DISTINCT article_id)
        FROM attributed_quotes WHERE organization IS NOT NULL OR speaker_kind = 'organization'
        GROUP BY 1""",
    "organization_outlet_stats": f"""
        SELECT NULL, {_ORGANIZATION} AS organization, outlet, count(*), count(DISTINCT speaker),
               count(DISTINCT article_id)
        FROM attributed_quotes WHERE organization IS NOT NULL OR speaker_kind = 'organization'
        GROUP BY 2, outlet COLLATE NOCASE""",
    "organization_voices": f"""
        SELECT NULL, {_ORGANIZATION} AS organization, speaker, speaker_type, role, count(*),
               min(published), max(published)
        FROM attributed_quotes WHERE organization IS NOT NULL OR speaker_kind = 'organization'
        GROUP BY 2, speaker, role""",
    # The repeated ones are found from the statement index alone first: in most corpora they
    # are few, and only their quotes are then read.
    "repeated_statements": """
        WITH repeated AS (
            SELECT statement_id FROM quotes WHERE statement_id IS NOT NULL
            GROUP BY statement_id HAVING count(DISTINCT article_id) > 1
        )
        SELECT statement_id, speaker, min(quote), count(DISTINCT coalesce(outlet, doc)),
               count(DISTINCT article_id), group_concat(DISTINCT coalesce(outlet, doc)),
               min(published), max(published)
        FROM attributed_quotes WHERE statement_id IN repeated
        GROUP BY statement_id""",
    # Both orders (A with B, B with A), so that one speaker's partners are one index lookup.
    "speaker_pairs": """
        WITH present AS (
            SELECT DISTINCT article_id, speaker, published FROM attributed_quotes WHERE speaker IS NOT NULL
        )
        SELECT NULL, a.speaker, b.speaker, count(*), min(a.published), max(a.published)
        FROM present a JOIN present b ON a.article_id = b.article_id AND a.speaker <> b.speaker
        GROUP BY a.speaker, b.speaker""",
}

# What the data looked like: rows and highest ids of articles and quotes (a change by hand too).
STATE_SQL = ("SELECT (SELECT count(*) FROM articles), (SELECT coalesce(max(id), 0) FROM articles),"
             " (SELECT count(*) FROM quotes), (SELECT coalesce(max(id), 0) FROM quotes)")
STATE_COLUMNS = "articles, last_article_id, quotes, last_quote_id"


def _select(db_path: str, select: str) -> list[tuple]:
    connection = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        return connection.execute(select).fetchall()
    finally:
        connection.close()


def refresh(connection: sqlite3.Connection, db_path: str | None = None, workers: int = 1) -> None:
    """Rebuild every summary from the current data, in the caller's write transaction (db.refresh_summaries).

    With workers > 1 and the database's path, the SELECTs run in that many processes at once
    (they take seconds on a large corpus). This connection holds the write lock meanwhile, so
    they all read the data as it is when the summaries are stored.
    """
    if workers > 1 and db_path:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = pool.map(_select, itertools.repeat(str(db_path)), SUMMARIES.values())
            for table, rows in zip(SUMMARIES, results):
                connection.execute(f"DELETE FROM {table}")
                if rows:
                    connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    else:
        for table, select in SUMMARIES.items():
            connection.execute(f"DELETE FROM {table}")
            connection.execute(f"INSERT INTO {table} {select}")
    connection.execute(
        f"INSERT OR REPLACE INTO summary_state (id, {STATE_COLUMNS}, refreshed_at)"
        " VALUES (1, ?, ?, ?, ?, ?)",
        (*connection.execute(STATE_SQL).fetchone(), datetime.now(timezone.utc).isoformat(timespec="seconds")),
    )


def is_stale(connection: sqlite3.Connection) -> bool:
    """Whether articles or quotes were stored (or removed) since the last refresh."""
    state = connection.execute(f"SELECT {STATE_COLUMNS} FROM summary_state").fetchone()
    # as tuples: rows of sqlite3.Row (Datasette's connections) only equal rows of the same query
    return state is None or tuple(state) != tuple(connection.execute(STATE_SQL).fetchone())
