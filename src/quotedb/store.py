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

from .models import ArticleRow, OrganizationAliasRow, OrganizationRow, QuoteRow, SpeakerAliasRow, SpeakerRow
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
    """Writes through one connection; caches speaker and organization ids for a run."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self._speaker_ids: dict[str, int] = {}
        self._organization_ids: dict[str, int] = {}

    def _alias_target(self, alias_table, column, alias: str) -> int | None:
        return self.connection.execute(select(column).where(alias_table.c.alias == alias)).scalar()

    def _add_aliases(self, alias_table, column_name: str, target: int, names) -> None:
        for name in {n.strip() for n in names if n and n.strip()}:
            if self._alias_target(alias_table, alias_table.c[column_name], name) is None:
                self.connection.execute(insert(alias_table).values(alias=name, **{column_name: target}))

    def speaker_id(self, quote) -> int | None:
        name = quote.speaker
        if not name:
            return None
        if name in self._speaker_ids:
            return self._speaker_ids[name]
        found = self._alias_target(speaker_aliases, speaker_aliases.c.speaker_id, name)
        if found is None:
            found = self.connection.execute(select(speakers.c.id).where(speakers.c.name == name)).scalar()
        if found is None:
            found = self.connection.execute(
                insert(speakers).values(
                    name=name, kind=quote.speaker_kind or "person", speaker_type=quote.speaker_type or "other"
                )
            ).inserted_primary_key[0]
        self._add_aliases(speaker_aliases, "speaker_id", found, [name, quote.speaker_mention, *quote.speaker_aliases])
        self._speaker_ids[name] = found
        return found

    def organization_id(self, quote) -> int | None:
        name = quote.affiliation
        if not name:
            return None
        if name in self._organization_ids:
            return self._organization_ids[name]
        found = self._alias_target(organization_aliases, organization_aliases.c.organization_id, name)
        if found is None:
            found = self.connection.execute(select(organizations.c.id).where(organizations.c.name == name)).scalar()
        if found is None:
            found = self.connection.execute(
                insert(organizations).values(
                    name=name,
                    acronym=quote.affiliation_acronym,
                    kind=quote.affiliation_kind or "other",
                    country=quote.affiliation_country,
                )
            ).inserted_primary_key[0]
        aliases = [name, quote.affiliation_acronym, *quote.affiliation_aliases]
        self._add_aliases(organization_aliases, "organization_id", found, aliases)
        self._organization_ids[name] = found
        return found

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
