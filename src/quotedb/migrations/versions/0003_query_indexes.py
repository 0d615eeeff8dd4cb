"""query indexes: every faceted column, and the view's joins covered

Facets and canned queries run on the view attributed_quotes (quotes joined to articles,
speakers and organizations). On SQLite an aggregate over a view keeps all its joins, so each
quote row costs an article, a speaker and an organization lookup. The single-column quote
indexes become composite ones that also carry the join keys (article, speaker, organization):
a facet or GROUP BY then reads one index, never the quote rows with their text. The leading
columns stay the same, so every former use (foreign keys, cascades, lookups) is still served.

articles gets ix_articles_lookup (id first, then the columns the view groups and filters on),
so that joining a quote to its article reads a small index instead of the row holding the
article text, and the two faceted columns that had no index (quotes.rule, articles.annotator)
get one. Only indexes change: no table is recreated.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (table, index, columns) created by this revision
NEW = [
    ("articles", "ix_articles_lookup", ["id", "outlet", "published", "language", "doc"]),
    ("articles", "ix_articles_annotator", ["annotator"]),
    ("quotes", "ix_quotes_article_joins", ["article_id", "start", "speaker_id", "organization_id"]),
    ("quotes", "ix_quotes_type_joins", ["type", "article_id", "speaker_id", "organization_id"]),
    ("quotes", "ix_quotes_speaker_joins", ["speaker_id", "article_id", "organization_id", "statement_id"]),
    ("quotes", "ix_quotes_organization_joins", ["organization_id", "article_id", "speaker_id"]),
    ("quotes", "ix_quotes_statement_joins", ["statement_id", "article_id", "speaker_id", "organization_id"]),
    ("quotes", "ix_quotes_rule", ["rule"]),
]
# (table, index, columns) from 0001 that the composite indexes above replace
REPLACED = [
    ("quotes", "ix_quotes_article_start", ["article_id", "start"]),
    ("quotes", "ix_quotes_type", ["type"]),
    ("quotes", "ix_quotes_speaker_id", ["speaker_id"]),
    ("quotes", "ix_quotes_organization_id", ["organization_id"]),
    ("quotes", "ix_quotes_statement_id", ["statement_id"]),
]


def _swap(drop: list, create: list) -> None:
    for table in ("articles", "quotes"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _, name, _columns in (d for d in drop if d[0] == table):
                batch_op.drop_index(name)
            for _, name, columns in (c for c in create if c[0] == table):
                batch_op.create_index(name, columns, unique=False)


def upgrade() -> None:
    _swap(drop=REPLACED, create=NEW)


def downgrade() -> None:
    _swap(drop=NEW, create=REPLACED)
