"""Alembic environment: batch mode for SQLite, FTS/views kept out of autogenerate and
re-applied after every migration run, everything in one transaction.

quotedb.db passes a connection that already holds the write lock in an open transaction
(BEGIN IMMEDIATE) and commits it itself; the plain `alembic` command (alembic.ini) gets one
here. Either way the batch copies, every migration, the version update and the schema extras
commit together or not at all: the sqlite3 module would have committed each DDL statement on
its own.
"""
from alembic import context
from sqlalchemy.engine import make_url

from quotedb import db, tables
from quotedb.schema import apply_extras, drop_extras, is_extra

config = context.config
target_metadata = tables.metadata


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and is_extra(name))


def migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    db.drop_batch_leftovers(connection)  # a migration killed by an older quotedb may have left some
    drop_extras(connection)
    context.run_migrations()
    # Batch migrations recreate tables and drop their triggers: put them back.
    if context.get_context().get_current_revision() is not None:
        apply_extras(connection)


if context.is_offline_mode():
    raise SystemExit("quotedb migrations run online only (they re-create FTS triggers)")
if config.attributes.get("connection") is not None:
    migrate(config.attributes["connection"])
else:
    with db.write_transaction(make_url(config.get_main_option("sqlalchemy.url")).database,
                              foreign_keys=False) as own_connection:
        migrate(own_connection)
