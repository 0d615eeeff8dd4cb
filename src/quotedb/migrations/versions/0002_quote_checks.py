"""quote integrity checks: type, confidence range, ordered offsets

SQLite cannot add a CHECK constraint in place: this is a batch migration that recreates
the quotes table (and so drops its FTS triggers, which env.py puts back).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CHECKS = {
    "type": "type IN ('direct', 'indirect')",
    "confidence": "confidence >= 0 AND confidence <= 1",
    "offsets": 'start >= 0 AND start <= "end"',
}


def upgrade() -> None:
    with op.batch_alter_table("quotes", recreate="always") as batch_op:
        for name, condition in CHECKS.items():
            batch_op.create_check_constraint(name, condition)


def downgrade() -> None:
    with op.batch_alter_table("quotes", recreate="always") as batch_op:
        for name in CHECKS:
            batch_op.drop_constraint(name, type_="check")
