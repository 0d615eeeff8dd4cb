"""summaries: whole-corpus answers kept ahead of time

At 100,000 articles (1.7 million quotes) the aggregate canned queries and the unfiltered facet
pages took 1-5 s, every time. These tables hold their answers (see quotedb.summaries). They are
filled after the migration, by db.upgrade, and again after every ingest that changes something.
quotes gets an index on the speaker type of unnamed sources, for expert_commentary.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
import sqlmodel
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index('ix_quotes_speaker_type_joins', ['speaker_type', 'speaker_id', 'article_id'], unique=False)
    op.create_table('facet_counts',
    sa.Column('table_name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('facet', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'facet', 'value', name=op.f('pk_facet_counts'))
    )
    op.create_table('organization_outlet_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outlet', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('speakers', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_outlet_stats'))
    )
    with op.batch_alter_table('organization_outlet_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_outlet_stats_outlet'), ['outlet'], unique=False)

    op.create_table('organization_voices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('speaker', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('speaker_type', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('first_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_voices'))
    )
    with op.batch_alter_table('organization_voices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_voices_organization'), ['organization'], unique=False)

    op.create_table('organization_stats',
    sa.Column('organization', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('speakers', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('organization', name=op.f('pk_organization_stats'))
    )
    with op.batch_alter_table('organization_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_stats_quotes'), ['quotes'], unique=False)

    op.create_table('repeated_statements',
    sa.Column('statement_id', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('speaker', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('quote', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outlets', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('carried_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('first_published', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_published', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('statement_id', name=op.f('pk_repeated_statements'))
    )
    with op.batch_alter_table('repeated_statements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_repeated_statements_speaker'), ['speaker'], unique=False)

    op.create_table('speaker_outlet_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('outlet', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('speaker_type', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('organizations', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('statements', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('first_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_outlet_stats'))
    )
    with op.batch_alter_table('speaker_outlet_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_outlet_stats_outlet'), ['outlet'], unique=False)
        batch_op.create_index(batch_op.f('ix_speaker_outlet_stats_speaker'), ['speaker'], unique=False)

    op.create_table('speaker_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('speaker', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('quoted_with', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('first_together', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_together', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_speaker_pairs'))
    )
    with op.batch_alter_table('speaker_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_pairs_speaker'), ['speaker'], unique=False)

    op.create_table('speaker_stats',
    sa.Column('speaker', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('speaker_type', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('organizations', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('statements', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('outlets', sa.Integer(), nullable=False),
    sa.Column('first_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('last_quoted', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('speaker', name=op.f('pk_speaker_stats'))
    )
    with op.batch_alter_table('speaker_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_speaker_stats_quotes'), ['quotes'], unique=False)

    op.create_table('summary_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('articles', sa.Integer(), nullable=False),
    sa.Column('last_article_id', sa.Integer(), nullable=False),
    sa.Column('quotes', sa.Integer(), nullable=False),
    sa.Column('last_quote_id', sa.Integer(), nullable=False),
    sa.Column('refreshed_at', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_state'))
    )


def downgrade() -> None:
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index('ix_quotes_speaker_type_joins')
    op.drop_table('summary_state')
    with op.batch_alter_table('speaker_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_stats_quotes'))

    op.drop_table('speaker_stats')
    with op.batch_alter_table('speaker_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_pairs_speaker'))

    op.drop_table('speaker_pairs')
    with op.batch_alter_table('speaker_outlet_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_speaker_outlet_stats_speaker'))
        batch_op.drop_index(batch_op.f('ix_speaker_outlet_stats_outlet'))

    op.drop_table('speaker_outlet_stats')
    with op.batch_alter_table('repeated_statements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_repeated_statements_speaker'))

    op.drop_table('repeated_statements')
    with op.batch_alter_table('organization_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_stats_quotes'))

    op.drop_table('organization_stats')
    with op.batch_alter_table('organization_voices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_voices_organization'))

    op.drop_table('organization_voices')
    with op.batch_alter_table('organization_outlet_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_outlet_stats_outlet'))

    op.drop_table('organization_outlet_stats')
    op.drop_table('facet_counts')
