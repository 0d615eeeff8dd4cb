"""Writing articles and their quotes: idempotent, one savepoint per article.

Re-ingesting unchanged content adds nothing; changed content at a known source replaces
that article's quotes in the same transaction, so no article is ever half-stored.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timezone

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from .tables import ArticleRow, OrganizationAliasRow, OrganizationRow, QuoteRow, SpeakerAliasRow, SpeakerRow
from .records import Processed

articles = ArticleRow.__table__
speakers = SpeakerRow.__table__
speaker_aliases = SpeakerAliasRow.__table__
organizations = OrganizationRow.__table__
organization_aliases = OrganizationAliasRow.__table__
quotes = QuoteRow.__table__


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.findall(r"\w+", text))


def statement_id(speaker: str | None, text: str) -> str:
    """Same speaker + same words (case, punctuation and quote marks aside) = one statement."""
    key = f"{_fold(speaker or '')}\x1f{_fold(text)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class Store:
    """Writes through one connection; caches speaker and organization ids for a run.

    The caches assume the rows they name stay committed: after a failed (rolled-back)
    save, use a new Store.
    """

    def __init__(self, connection: Connection):
        self.connection = connection
        self._ids: dict[tuple[str, str], int] = {}
        self._aliases_seen: set[tuple[str, str]] = set()

    def _canonical_id(self, table, alias_table, key: str, name: str, new_row: dict, aliases: list) -> int:
        """The row for `name` (found by alias, then by name, else created); records its aliases."""
        found = self._ids.get((table.name, name))
        if found is None:
            found = self.connection.execute(select(alias_table.c[key]).where(alias_table.c.alias == name)).scalar()
        if found is None:
            found = self.connection.execute(select(table.c.id).where(table.c.name == name)).scalar()
        if found is None:
            found = self.connection.execute(insert(table).values(name=name, **new_row)).inserted_primary_key[0]
        self._ids[(table.name, name)] = found
        for alias in {a.strip() for a in [name, *aliases] if a and a.strip()}:
            # an alias already taken keeps its first owner
            if (alias_table.name, alias) not in self._aliases_seen:
                self._aliases_seen.add((alias_table.name, alias))
                exists = self.connection.execute(select(alias_table.c.id).where(alias_table.c.alias == alias)).scalar()
                if exists is None:
                    self.connection.execute(insert(alias_table).values(alias=alias, **{key: found}))
        return found

    def speaker_id(self, quote) -> int | None:
        if not quote.speaker:
            return None
        new_row = dict(kind=quote.speaker_kind or "person", speaker_type=quote.speaker_type or "other")
        aliases = [quote.speaker_mention, *quote.speaker_aliases]
        return self._canonical_id(speakers, speaker_aliases, "speaker_id", quote.speaker, new_row, aliases)

    def organization_id(self, quote) -> int | None:
        if not quote.affiliation:
            return None
        new_row = dict(
            acronym=quote.affiliation_acronym, kind=quote.affiliation_kind or "other", country=quote.affiliation_country
        )
        aliases = [quote.affiliation_acronym, *quote.affiliation_aliases]
        return self._canonical_id(
            organizations, organization_aliases, "organization_id", quote.affiliation, new_row, aliases
        )

    def save(self, item: Processed) -> tuple[str, int]:
        """Store one processed document; returns (status, quotes stored).

        status: "new", "updated" (same source, new content) or "unchanged".
        """
        raw, article = item.raw, item.article
        if self.connection.execute(select(articles.c.id).where(articles.c.sha256 == raw.sha256)).scalar():
            return "unchanged", 0
        with self.connection.begin_nested():
            values = dict(
                source=raw.source,
                doc=raw.doc,
                sha256=raw.sha256,
                title=article.title,
                outlet=article.outlet,
                published=article.published,
                byline=article.byline,
                language=article.language,
                url=article.url,
                text=article.text,
                ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                annotator=item.annotator,
            )
            existing = self.connection.execute(select(articles.c.id).where(articles.c.source == raw.source)).scalar()
            if existing:
                self.connection.execute(delete(quotes).where(quotes.c.article_id == existing))
                self.connection.execute(update(articles).where(articles.c.id == existing).values(**values))
                article_id, status = existing, "updated"
            else:
                article_id = self.connection.execute(insert(articles).values(**values)).inserted_primary_key[0]
                status = "new"
            rows = [
                dict(
                    article_id=article_id,
                    text=q.text,
                    type=q.type,
                    start=q.start,
                    end=q.end,
                    paragraph=q.paragraph,
                    cue=q.cue,
                    speaker_id=self.speaker_id(q),
                    speaker_mention=q.speaker_mention,
                    speaker_kind=q.speaker_kind,
                    speaker_type=q.speaker_type,
                    role=q.role,
                    organization_id=self.organization_id(q),
                    rule=q.rule,
                    confidence=min(max(q.confidence, 0.0), 1.0),
                    statement_id=statement_id(q.speaker, q.text),
                )
                for q in item.quotes
            ]
            if rows:
                self.connection.execute(insert(quotes), rows)
        return status, len(rows)
