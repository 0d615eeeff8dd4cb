"""speaker kind and type on each quote, for unnamed sources

An anonymous source ("a ministry official, speaking on condition of anonymity") has no
speakers row, so its kind (anonymous) and type (official) were lost. quotes gets both
columns; attributed_quotes and the export read the speakers row first and these for quotes
without one. Existing rows with a speaker are filled from it; unnamed sources stored before
this revision stay empty until their article is ingested again.

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


def upgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("speaker_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("speaker_type", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.execute(
        "UPDATE quotes SET speaker_kind = (SELECT kind FROM speakers WHERE speakers.id = quotes.speaker_id), "
        "speaker_type = (SELECT speaker_type FROM speakers WHERE speakers.id = quotes.speaker_id) "
        "WHERE speaker_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("quotes", schema=None) as batch_op:
        batch_op.drop_column("speaker_type")
        batch_op.drop_column("speaker_kind")
