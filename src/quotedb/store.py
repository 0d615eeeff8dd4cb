"""Writing articles and their quotes: idempotent, one savepoint per article.

Re-ingesting unchanged content adds nothing; changed content at a known source replaces
that article's quotes in the same transaction, so no article is ever half-stored.

This is ingest's hot path, so it speaks SQL to sqlite3 directly: SQLAlchemy's per-statement
overhead cost more than the statements themselves.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from datetime import datetime, timezone

from sqlalchemy.engine import Connection

from .db import is_disk_full
from .records import Processed
from .schema import index_for_search

ARTICLE_COLUMNS = ("source", "doc", "sha256", "title", "outlet", "published", "byline", "language", "url", "text",
                   "ingested_at", "annotator")
QUOTE_COLUMNS = ("article_id", "text", "type", "start", "end", "paragraph", "cue", "speaker_id", "speaker_mention",
                 "speaker_kind", "speaker_type", "role", "organization_id", "rule", "confidence", "statement_id")


def _insert(table: str, columns: Sequence[str]) -> str:
    return (f"INSERT INTO {table} ({', '.join(f'[{c}]' for c in columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})")


INSERT_ARTICLE = _insert("articles", ARTICLE_COLUMNS)
UPDATE_ARTICLE = f"UPDATE articles SET {', '.join(f'[{c}] = ?' for c in ARTICLE_COLUMNS)} WHERE id = ?"
INSERT_QUOTE = _insert("quotes", QUOTE_COLUMNS)
_WORDS = re.compile(r"\w+")
# What \w matches in ASCII (letters, digits, "_") kept, every other byte made a space.
_ASCII_WORD_BYTES = bytes(c if chr(c).isalnum() or chr(c) == "_" else 32 for c in range(128)) + b" " * 128


def _fold(text: str) -> str:
    if text.isascii():  # most text: the same words as below (NFKC leaves ASCII alone), 3x faster
        return " ".join(text.lower().encode().translate(_ASCII_WORD_BYTES).decode().split())
    return " ".join(_WORDS.findall(unicodedata.normalize("NFKC", text).lower()))


def statement_id(speaker: str | None, text: str) -> str:
    """Same speaker + same words (case, punctuation and quote marks aside) = one statement."""
    key = f"{_fold(speaker or '')}\x1f{_fold(text)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Store:
    """Writes through one connection; caches speaker and organization ids for a run.

    The caches only ever hold committed or still-open rows: a failed article's savepoint is
    rolled back and the caches are emptied with it.
    """

    def __init__(self, connection: Connection):
        self.db = connection.connection.driver_connection  # the sqlite3 connection under SQLAlchemy's
        self._ids: dict[tuple[str, str], int] = {}
        self._aliases_seen: set[tuple[str, str]] = set()

    def _one(self, sql: str, params: tuple):
        row = self.db.execute(sql, params).fetchone()
        return row[0] if row else None

    def _canonical_id(self, table: str, key: str, name: str, new_row: dict, aliases: list) -> int:
        """The row for `name` (found by alias, then by name, else created); records its aliases."""
        alias_table = f"{table[:-1]}_aliases"
        found = self._ids.get((table, name))
        if found is None:
            found = self._one(f"SELECT {key} FROM {alias_table} WHERE alias = ?", (name,))
        if found is None:
            found = self._one(f"SELECT id FROM {table} WHERE name = ?", (name,))
        if found is None:
            columns = ["name", *new_row]
            found = self.db.execute(_insert(table, columns), (name, *new_row.values())).lastrowid
        self._ids[(table, name)] = found
        for alias in (name, *aliases):
            # an alias already taken keeps its first owner
            if alias and (alias_table, alias) not in self._aliases_seen:
                self._aliases_seen.add((alias_table, alias))
                if alias.strip():
                    self.db.execute(f"INSERT OR IGNORE INTO {alias_table} (alias, {key}) VALUES (?, ?)",
                                    (alias.strip(), found))
        return found

    def speaker_id(self, quote) -> int | None:
        if not quote.speaker:
            return None
        new_row = dict(kind=quote.speaker_kind or "person", speaker_type=quote.speaker_type or "other")
        aliases = [quote.speaker_mention, *quote.speaker_aliases]
        return self._canonical_id("speakers", "speaker_id", quote.speaker, new_row, aliases)

    def organization_id(self, quote) -> int | None:
        if not quote.affiliation:
            return None
        new_row = dict(
            acronym=quote.affiliation_acronym, kind=quote.affiliation_kind or "other", country=quote.affiliation_country
        )
        aliases = [quote.affiliation_acronym, *quote.affiliation_aliases]
        return self._canonical_id("organizations", "organization_id", quote.affiliation, new_row, aliases)

    def save(self, item: Processed) -> tuple[str, int]:
        """Store one processed document; returns (status, quotes stored). Raises on failure."""
        [outcome] = self.save_all([item])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def save_all(self, items: Sequence[Processed]) -> list[tuple[str, int] | Exception]:
        """Store documents in the open transaction, each in its own savepoint.

        For each item: (status, quotes stored), status "new", "updated" (same source, new
        content) or "unchanged"; or the exception that made it roll back, the others being kept.
        Their quotes are indexed for search once for all, at the end: an FTS5 insert per quote
        (a trigger) or per savepoint flushes the index each time and cost more than the rest.
        """
        outcomes: list[tuple[str, int] | Exception] = []
        stored_articles = []
        for item in items:
            self.db.execute("SAVEPOINT article")
            try:
                status, article_id, stored = self._save(item)
            except Exception as exc:
                if not self.db.in_transaction or is_disk_full(exc):
                    # SQLite rolled the whole transaction back itself (savepoint included), or
                    # will fail every next article: the chunk fails, for the caller to undo.
                    raise
                self.db.execute("ROLLBACK TO article")
                self._ids.clear()  # they may name rows of the rolled-back savepoint
                self._aliases_seen.clear()
                outcomes.append(exc)
            else:
                outcomes.append((status, stored))
                if article_id is not None:
                    stored_articles.append(article_id)
            self.db.execute("RELEASE article")
        index_for_search(self.db, stored_articles)
        return outcomes

    def _save(self, item: Processed) -> tuple[str, int | None, int]:
        raw, article = item.raw, item.article
        if self._one("SELECT id FROM articles WHERE sha256 = ?", (raw.sha256,)):
            return "unchanged", None, 0
        values = (raw.source, raw.doc, raw.sha256, article.title, article.outlet, article.published, article.byline,
                  article.language, article.url, article.text,
                  datetime.now(timezone.utc).isoformat(timespec="seconds"), item.annotator)
        existing = self._one("SELECT id FROM articles WHERE source = ?", (raw.source,))
        if existing:
            self.db.execute("DELETE FROM quotes WHERE article_id = ?", (existing,))
            self.db.execute(UPDATE_ARTICLE, (*values, existing))
            article_id, status = existing, "updated"
        else:
            article_id, status = self.db.execute(INSERT_ARTICLE, values).lastrowid, "new"
        rows = [
            (article_id, q.text, q.type, q.start, q.end, q.paragraph, q.cue, self.speaker_id(q), q.speaker_mention,
             q.speaker_kind, q.speaker_type, q.role, self.organization_id(q), q.rule,
             min(max(q.confidence, 0.0), 1.0), statement_id(q.speaker, q.text))
            for q in item.quotes
        ]
        self.db.executemany(INSERT_QUOTE, rows)
        return status, article_id, len(rows)
