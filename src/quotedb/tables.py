"""SQLModel tables: the database schema that Alembic migrations create.

Table names are part of the product: users' SQL, metadata.yml and other tools rely on them.
"""
from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, MetaData
from sqlmodel import Field, SQLModel

# Stable constraint names, so batch migrations on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata


class ArticleRow(SQLModel, table=True):
    __tablename__ = "articles"
    __table_args__ = (
        # The article columns the view attributed_quotes is faceted and grouped by, keyed by id:
        # joining a quote to its article reads this small index, not the row with its text.
        Index("ix_articles_lookup", "id", "outlet", "published", "language", "doc"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(index=True, description="its first source still holding this content (all: article_sources)")
    doc: str = Field(index=True, description="that source's file name, as the gold files name documents")
    sha256: str = Field(unique=True, description="sha256 of the content read: one article per content")
    title: str | None = None
    outlet: str | None = Field(default=None, index=True)
    published: str | None = Field(default=None, index=True, description="ISO date, null when unknown")
    byline: str | None = None
    language: str = Field(default="en", index=True)
    url: str | None = None
    text: str = Field(description="cleaned text; quote offsets refer to it")
    ingested_at: str = Field(description="UTC ISO timestamp")
    annotator: str | None = Field(default=None, index=True, description="NLP backend and models that processed it")


class ArticleSourceRow(SQLModel, table=True):
    """Where each article was read: every source points to the article of its current content."""

    __tablename__ = "article_sources"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(
        unique=True,
        description="resolved file path; a JSON Lines record: FILE#id=ID, else its URL, else FILE#sha256=HASH",
    )
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), index=True, nullable=False))
    doc: str = Field(description="the source's file name (a JSON Lines record: its id, else FILE#Ln)")
    path: str | None = Field(default=None, index=True, description="file read; null: stored before revision 0006")


class SpeakerRow(SQLModel, table=True):
    __tablename__ = "speakers"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, description="canonical (fullest) name")
    kind: str = Field(default="person", index=True, description="person / organization / anonymous / group")
    speaker_type: str = Field(
        default="other", index=True,
        description="expert / official / state media / politician / journalist / other",
    )


class SpeakerAliasRow(SQLModel, table=True):
    __tablename__ = "speaker_aliases"

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(unique=True)
    speaker_id: int = Field(sa_column=Column(Integer, ForeignKey("speakers.id", ondelete="CASCADE"), index=True, nullable=False))


class OrganizationRow(SQLModel, table=True):
    __tablename__ = "organizations"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, description="canonical name")
    acronym: str | None = Field(default=None, index=True)
    kind: str = Field(
        default="other", index=True,
        description="ministry, government, military, think tank, university, media, party, international, company, other",
    )
    country: str | None = Field(default=None, index=True)


class OrganizationAliasRow(SQLModel, table=True):
    __tablename__ = "organization_aliases"

    id: int | None = Field(default=None, primary_key=True)
    alias: str = Field(unique=True)
    organization_id: int = Field(
        sa_column=Column(Integer, ForeignKey("organizations.id", ondelete="CASCADE"), index=True, nullable=False)
    )


class QuoteRow(SQLModel, table=True):
    __tablename__ = "quotes"
    __table_args__ = (
        # Each index leads with a column that is filtered, grouped or joined on and carries the
        # view's join keys (article, speaker, organization), so that facets and canned queries
        # over attributed_quotes read the index alone, never the quote rows (migration 0003).
        Index("ix_quotes_article_joins", "article_id", "start", "speaker_id", "organization_id"),
        Index("ix_quotes_type_joins", "type", "article_id", "speaker_id", "organization_id"),
        Index("ix_quotes_speaker_joins", "speaker_id", "article_id", "organization_id", "statement_id"),
        Index("ix_quotes_organization_joins", "organization_id", "article_id", "speaker_id"),
        Index("ix_quotes_statement_joins", "statement_id", "article_id", "speaker_id", "organization_id"),
        # the type of unnamed sources (no speakers row): expert_commentary reads it (migration 0005)
        Index("ix_quotes_speaker_type_joins", "speaker_type", "speaker_id", "article_id"),
        CheckConstraint("type IN ('direct', 'indirect')", name="type"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence"),
        CheckConstraint('start >= 0 AND start <= "end"', name="offsets"),
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=Column(Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False))
    text: str
    type: str = Field(description="direct / indirect")
    start: int = Field(description="character offset in articles.text")
    end: int = Field(description="end offset (exclusive) in articles.text")
    paragraph: int = Field(default=0)
    cue: str | None = None
    speaker_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("speakers.id"), nullable=True)
    )
    speaker_mention: str | None = None
    # The source's kind and type as extracted: the only record of them for an unnamed source
    # ("a ministry official": anonymous, official), which has no speakers row.
    speaker_kind: str | None = Field(default=None, description="person / organization / anonymous / group")
    speaker_type: str | None = Field(default=None, description="expert / official / state media / politician / journalist / other")
    role: str | None = None
    organization_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("organizations.id"), nullable=True)
    )
    rule: str = Field(default="", index=True)
    confidence: float = 0.0
    statement_id: str | None = Field(default=None, description="shared by repeats of one statement")


# --- Summaries: counts kept ahead of time, derived from the tables above -----------------------
# Aggregates over every quote take seconds at a million quotes; these hold their answers.
# quotedb.summaries fills them in full after every ingest that changed something, and the
# canned queries and the unfiltered facet pages read them. Never edited by hand.

class FacetCountRow(SQLModel, table=True):
    __tablename__ = "facet_counts"

    table_name: str = Field(primary_key=True, description="table or view faceted")
    facet: str = Field(primary_key=True, description="column")
    value: str = Field(primary_key=True)
    count: int = Field(description="rows with this value")


class SpeakerStatsRow(SQLModel, table=True):
    __tablename__ = "speaker_stats"

    speaker: str = Field(primary_key=True)
    speaker_type: str | None = None
    organizations: str | None = Field(default=None, description="organizations it was quoted for, comma-separated")
    quotes: int = Field(index=True)
    statements: int = Field(description="distinct statements (repeats counted once)")
    articles: int
    outlets: int
    first_quoted: str | None = None
    last_quoted: str | None = None


class SpeakerOutletStatsRow(SQLModel, table=True):
    __tablename__ = "speaker_outlet_stats"

    id: int | None = Field(default=None, primary_key=True)
    speaker: str = Field(index=True)
    outlet: str | None = Field(default=None, index=True, description="null: outlet unknown")
    speaker_type: str | None = None
    organizations: str | None = None
    quotes: int
    statements: int
    articles: int
    first_quoted: str | None = None
    last_quoted: str | None = None


class OrganizationStatsRow(SQLModel, table=True):
    __tablename__ = "organization_stats"

    organization: str = Field(primary_key=True, description="the speaker's organization, or the organization speaking")
    quotes: int = Field(index=True)
    speakers: int
    articles: int


class OrganizationVoiceRow(SQLModel, table=True):
    __tablename__ = "organization_voices"

    id: int | None = Field(default=None, primary_key=True)
    organization: str = Field(index=True, description="the organization spoken for")
    speaker: str | None = None
    speaker_type: str | None = None
    role: str | None = None
    quotes: int
    first_quoted: str | None = None
    last_quoted: str | None = None


class OrganizationOutletStatsRow(SQLModel, table=True):
    __tablename__ = "organization_outlet_stats"

    id: int | None = Field(default=None, primary_key=True)
    organization: str
    outlet: str | None = Field(default=None, index=True)
    quotes: int
    speakers: int
    articles: int


class RepeatedStatementRow(SQLModel, table=True):
    __tablename__ = "repeated_statements"

    statement_id: str = Field(primary_key=True)
    speaker: str | None = Field(default=None, index=True)
    quote: str
    outlets: int
    articles: int = Field(description="articles carrying it (always more than one)")
    carried_by: str | None = Field(default=None, description="outlets (or file names), comma-separated")
    first_published: str | None = None
    last_published: str | None = None


class SpeakerPairRow(SQLModel, table=True):
    __tablename__ = "speaker_pairs"

    id: int | None = Field(default=None, primary_key=True)
    speaker: str = Field(index=True)
    quoted_with: str
    articles: int = Field(description="articles quoting both")
    first_together: str | None = None
    last_together: str | None = None


class SummaryStateRow(SQLModel, table=True):
    __tablename__ = "summary_state"

    id: int = Field(default=1, primary_key=True)
    articles: int = Field(description="articles when the summaries were made")
    last_article_id: int
    quotes: int
    last_quote_id: int
    refreshed_at: str = Field(description="UTC ISO timestamp")
