"""row-change triggers on PostgreSQL fire once per statement: three per sensitive table (insert,
update, delete), each with its changed rows as a transition table, instead of one per row

Revision ID: 0019_statement_triggers
Revises: 0018_redis2
Create Date: 2026-12-06
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0019_statement_triggers"
down_revision = "0018_redis2"
branch_labels = None
depends_on = None


def _run_frozen_sql(direction: str) -> None:
    """Run ``sql/0019_statement_triggers.<direction>.<dialect>.sql``: the row-change triggers as
    ``governance/triggers.py`` wrote them when this migration was made, frozen so that it means
    the same thing forever. Upgrade on PostgreSQL: ``sihat_rows_changed()`` and, on every
    sensitive table, the per-row ``sihat_row_change`` trigger replaced by three statement-level
    ones; downgrade: back again. SQLite has no statement-level triggers: nothing to run."""
    dialect = op.get_context().dialect.name
    path = Path(__file__).parent / "sql" / f"{revision}.{direction}.{dialect}.sql"
    for block in path.read_text(encoding="utf-8").split(";\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("--")]
        statement = "\n".join(lines).strip().removesuffix(";")
        if statement:
            op.execute(sa.text(statement))


def upgrade() -> None:
    _run_frozen_sql("upgrade")


def downgrade() -> None:
    _run_frozen_sql("downgrade")
