"""row-change triggers on the health records: cases, case retractions, MyRisk statuses and
surveillance orders (a change made outside the application is caught by governance's scan)

Revision ID: 0012_protect_health_records
Revises: 0011_orders
Create Date: 2026-12-05
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0012_protect_health_records"
down_revision = "0011_orders"
branch_labels = None
depends_on = None


def _run_frozen_sql(direction: str) -> None:
    """Run ``sql/0012_protect_health_records.<direction>.<dialect>.sql``: the row-change
    triggers as ``governance/triggers.py`` wrote them when this migration was made, frozen so
    that it means the same thing forever. Upgrade: triggers on cases, case_retractions,
    risk_statuses and orders (keyed by id). Downgrade: drops those four tables' triggers."""
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
