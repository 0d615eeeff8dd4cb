"""speaker kind and type on each quote, for unnamed sources

An anonymous source ("a ministry official, speaking on condition of anonymity") has no
speakers row, so its kind (anonymous) and type (official) were lost. quotes gets both
columns; attributed_quotes and the export read the speakers row first and these for quotes
without one. Existing rows with a speaker are filled from it; unnamed sources stored before
this revision stay empty until their article is ingested again.

The downgrade keeps the values of unnamed sources aside, in the table SAVED, and the upgrade
puts them back, for the quotes that are still the same (same id, article, offset and words):
a round trip below this revision loses nothing.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


SAVED = "_quotedb_0004_speaker_kinds"
# A saved row matches the quote it was taken from only while that quote is unchanged.
SAME_QUOTE = "s.id = quotes.id AND s.article_id = quotes.article_id AND s.start = quotes.start AND s.text = quotes.text"


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("speaker_type", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.execute(
        "UPDATE quotes SET speaker_kind = (SELECT kind FROM speakers WHERE speakers.id = quotes.speaker_id), "
        "speaker_type = (SELECT speaker_type FROM speakers WHERE speakers.id = quotes.speaker_id) "
        "WHERE speaker_id IS NOT NULL"
    )
    if sa.inspect(op.get_bind()).has_table(SAVED):
        op.execute(
            f"UPDATE quotes SET speaker_kind = s.speaker_kind, speaker_type = s.speaker_type FROM {SAVED} s "
            f"WHERE quotes.speaker_id IS NULL AND {SAME_QUOTE}"
        )
        op.drop_table(SAVED)


def downgrade() -> None:
    op.execute(f"DROP TABLE IF EXISTS {SAVED}")
    op.execute(
        f"CREATE TABLE {SAVED} AS SELECT id, article_id, start, text, speaker_kind, speaker_type FROM quotes "
        "WHERE speaker_id IS NULL AND (speaker_kind IS NOT NULL OR speaker_type IS NOT NULL)"
    )
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("speaker_type")
        batch_op.drop_column("speaker_kind")
