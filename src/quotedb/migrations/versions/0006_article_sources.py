"""article_sources: an article can have several sources, each pointing to its current content

articles stays one row per content (sha256, unique). article_sources holds every source (a
resolved file path; a JSON Lines record keyed by id, URL or content) with the article its content
is now. Each existing article becomes the article of its own source; `path` stays null for them
(the files were named as given, relative or not, and their records by line): ingest adopts such a
source when it reads the same file by the same name again.

The downgrade keeps every article and quote; articles.source, always one of an article's sources,
keeps the first. Other sources of an article with several are dropped with the table.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("doc", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("path", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_article_sources_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_sources")),
        sa.UniqueConstraint("source", name=op.f("uq_article_sources_source")),
    )
    with op.batch_alter_table("article_sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_sources_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_sources_path"), ["path"], unique=False)
    # One source per article; should two articles name one source, the later is its content
    # (SQLite takes doc from the row that max() picks).
    op.execute(
        "INSERT INTO article_sources (source, article_id, doc, path) "
        "SELECT source, max(id), doc, NULL FROM articles GROUP BY source ORDER BY max(id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("article_sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_sources_path"))
        batch_op.drop_index(batch_op.f("ix_article_sources_article_id"))
    op.drop_table("article_sources")
