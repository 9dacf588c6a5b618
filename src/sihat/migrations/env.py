"""Alembic environment: one history valid on SQLite (batch mode) and PostgreSQL."""

from __future__ import annotations

from alembic import context

from sihat.checkins.partitions import include_name
from sihat.core.db import make_engine
from sihat.models import metadata

config = context.config


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=include_name,  # day partitions belong to the check-in service
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
