"""Alembic environment: batch mode for SQLite, FTS/views kept out of autogenerate and
re-applied after every migration run."""
from alembic import context
from sqlalchemy import engine_from_config, pool

from quotedb import tables  # noqa: F401  (registers the tables on the metadata)
from quotedb.schema import apply_extras, drop_extras, is_extra

config = context.config
target_metadata = tables.metadata


def include_object(obj, name, type_, reflected, compare_to):
    return not (type_ == "table" and is_extra(name))


def run_migrations_online() -> None:
    connectable = config.attributes.get("connection") or engine_from_config(
        config.get_section(config.config_ini_section, {}), prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            drop_extras(connection)
            context.run_migrations()
            # Batch migrations recreate tables and drop their triggers: put them back.
            if context.get_context().get_current_revision() is not None:
                apply_extras(connection)
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("quotedb migrations run online only (they re-create FTS triggers)")
run_migrations_online()
