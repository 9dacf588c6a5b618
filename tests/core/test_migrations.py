"""One Alembic history, valid on both databases, that matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sihat.models import metadata


def test_models_and_migrations_agree(fresh_database) -> None:
    with fresh_database.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []
