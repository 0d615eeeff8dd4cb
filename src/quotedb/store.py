"""Writing articles and their quotes: idempotent, one savepoint per article.

One article per content (sha256); every source (article_sources) points to the article of its
current content. Content already stored is never extracted or written again: a new source of it
is only recorded. Changed content at a known source replaces that article's quotes in the same
transaction, so no article is ever half-stored; an article that no source holds any more goes.

This is ingest's hot path, so it speaks SQL to sqlite3 directly: SQLAlchemy's per-statement
overhead cost more than the statements themselves.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from sqlalchemy.engine import Connection

from .db import is_disk_full
from .records import Processed
from .schema import index_for_search
from .sources import FileRecords, RawDocument

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
INSERT_SOURCE = "INSERT INTO article_sources (source, article_id, doc, path) VALUES (?, ?, ?, ?)"
# A source's article, doc and path as last read (a no-op when nothing changed).
UPDATE_SOURCE = ("UPDATE article_sources SET article_id = ?1, doc = ?2, path = ?3"
                 " WHERE id = ?4 AND (article_id IS NOT ?1 OR doc IS NOT ?2 OR path IS NOT ?3)")
# articles.source names one of the article's sources: the first, once its own has moved on.
UPDATE_ARTICLE_SOURCE = """
UPDATE articles SET (source, doc) = (SELECT source, doc FROM article_sources WHERE article_id = articles.id ORDER BY id LIMIT 1)
WHERE id = ? AND NOT EXISTS (SELECT 1 FROM article_sources WHERE article_id = articles.id AND source = articles.source)
"""
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

    def __init__(self, connection: Connection, force: bool = False):
        self.db = connection.connection.driver_connection  # the sqlite3 connection under SQLAlchemy's
        self.force = force  # a document extracted again replaces the stored extraction of its content
        self._ids: dict[tuple[str, str], int] = {}
        self._aliases_seen: set[tuple[str, str]] = set()
        self._left: set[int] = set()  # articles a source moved away from: maybe no source holds them now

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

    def stored_contents(self, hashes: Sequence[str]) -> set[str]:
        """Which of these sha256 have an article (read outside any transaction: no write lock)."""
        found: set[str] = set()
        for start in range(0, len(hashes), 500):
            chunk = hashes[start:start + 500]
            found.update(row[0] for row in self.db.execute(
                f"SELECT sha256 FROM articles WHERE sha256 IN ({', '.join('?' for _ in chunk)})", chunk))
        return found

    def save(self, item: Processed | RawDocument) -> tuple[str, int]:
        """Store one processed document; returns (status, quotes stored). Raises on failure."""
        [outcome] = self.save_all([item])
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def save_all(
        self, items: Sequence[Processed | RawDocument | FileRecords],
        extract: Callable[[RawDocument], Processed] | None = None,
    ) -> list[tuple[str, int] | Exception]:
        """Store documents in the open transaction, each in its own savepoint.

        A RawDocument is a document whose content was stored (when it was read): it is extracted
        by `extract` only if that content has gone since. For each item: (status, quotes stored),
        status "new" (a new source), "updated" (a known source, new content) or "unchanged"; for
        a FileRecords, ("removed", sources forgotten); or the exception that made it roll back,
        the others being kept. Their quotes are indexed for search once for all, at the end: an
        FTS5 insert per quote (a trigger) or per savepoint flushes the index each time and cost
        more than the rest.
        """
        outcomes: list[tuple[str, int] | Exception] = []
        stored_articles = []
        for item in items:
            self.db.execute("SAVEPOINT article")
            try:
                if isinstance(item, FileRecords):
                    status, article_id, count = "removed", None, self._forget_others(item)
                else:
                    status, article_id, count = self._save(item, extract)
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
                outcomes.append((status, count))
                if article_id is not None:
                    stored_articles.append(article_id)
            self.db.execute("RELEASE article")
        # At the end, not at each move: a file that takes the content another one left needs no extraction.
        self._drop_unheld()
        index_for_search(self.db, stored_articles)
        return outcomes

    def _source_row(self, raw: RawDocument) -> tuple[int, int] | None:
        """(id, article_id) of the source; a source stored before revision 0006 (path null) under
        the name quotedb gave it then is renamed to the source's name now."""
        find = "SELECT id, article_id FROM article_sources WHERE source = ?"
        row = self.db.execute(find, (raw.source,)).fetchone()
        if row is None and raw.former_source and raw.former_source != raw.source:
            self.db.execute("UPDATE article_sources SET source = ? WHERE source = ? AND path IS NULL",
                            (raw.source, raw.former_source))
            row = self.db.execute(find, (raw.source,)).fetchone()
        return row

    def _save(self, item: Processed | RawDocument, extract) -> tuple[str, int | None, int]:
        raw = item if isinstance(item, RawDocument) else item.raw
        source = self._source_row(raw)
        article_id = self._one("SELECT id FROM articles WHERE sha256 = ?", (raw.sha256,))
        written = None
        if article_id is None or (self.force and isinstance(item, Processed)):
            if isinstance(item, RawDocument):
                if extract is None:
                    raise LookupError(f"{raw.where}: its content is not stored and nothing can extract it")
                item = extract(raw)
            if article_id is None and source and self._one(
                    "SELECT count(*) FROM article_sources WHERE article_id = ?", (source[1],)) == 1:
                article_id = source[1]  # the source's content changed: its article is replaced in place
            article_id, written = self._write_article(item, article_id)
        if source is None:
            self.db.execute(INSERT_SOURCE, (raw.source, article_id, raw.doc, raw.path))
            status = "new"
        else:
            if source[1] != article_id:
                self._left.add(source[1])
            self.db.execute(UPDATE_SOURCE, (article_id, raw.doc, raw.path, source[0]))
            status = "unchanged" if source[1] == article_id and written is None else "updated"
        return status, article_id if written is not None else None, written or 0

    def _write_article(self, item: Processed, article_id: int | None) -> tuple[int, int]:
        """The article and its quotes, written over `article_id` (its old quotes deleted) or as a new one."""
        raw, article = item.raw, item.article
        values = (raw.source, raw.doc, raw.sha256, article.title, article.outlet, article.published, article.byline,
                  article.language, article.url, article.text,
                  datetime.now(timezone.utc).isoformat(timespec="seconds"), item.annotator)
        if article_id is not None:
            self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
            self.db.execute(UPDATE_ARTICLE, (*values, article_id))
        else:
            article_id = self.db.execute(INSERT_ARTICLE, values).lastrowid
        rows = [
            (article_id, q.text, q.type, q.start, q.end, q.paragraph, q.cue, self.speaker_id(q), q.speaker_mention,
             q.speaker_kind, q.speaker_type, q.role, self.organization_id(q), q.rule,
             min(max(q.confidence, 0.0), 1.0), statement_id(q.speaker, q.text))
            for q in item.quotes
        ]
        self.db.executemany(INSERT_QUOTE, rows)
        return article_id, len(rows)

    def _forget_others(self, records: FileRecords) -> int:
        """Forget the sources read from this file that it no longer holds."""
        gone = [(row_id, article_id) for row_id, source, article_id in self.db.execute(
            "SELECT id, source, article_id FROM article_sources WHERE path = ?", (records.path,))
            if source not in records.sources]
        self.db.executemany("DELETE FROM article_sources WHERE id = ?", [(row_id,) for row_id, _ in gone])
        self._left.update(article_id for _, article_id in gone)
        return len(gone)

    def _drop_unheld(self) -> None:
        """Articles that no source holds any more go, with their quotes; the others keep a source's name."""
        for article_id in sorted(self._left):
            if self._one("SELECT 1 FROM article_sources WHERE article_id = ? LIMIT 1", (article_id,)):
                self.db.execute(UPDATE_ARTICLE_SOURCE, (article_id,))
            else:
                self.db.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
                self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        self._left.clear()
