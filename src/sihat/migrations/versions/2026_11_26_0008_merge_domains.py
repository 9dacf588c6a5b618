"""merge the domains' parallel branches; row-change triggers on every sensitive table

Revision ID: 0008_merge_domains
Revises: 0003_checkins, 0004_exports_security_vendors, 0005_governance,
    0006_certificates, 0007_audit_runs
Create Date: 2026-11-26 23:30:00
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0008_merge_domains"
# 0002_vaccination is reached through 0006_certificates, which depends on it.
down_revision = (
    "0003_checkins",
    "0004_exports_security_vendors",
    "0005_governance",
    "0006_certificates",
    "0007_audit_runs",
)
branch_labels = None
depends_on = None


def _run_frozen_sql(direction: str) -> None:
    """Run ``sql/0008_merge_domains.<direction>.<dialect>.sql``: the row-change triggers as
    ``governance/triggers.py`` wrote them when this migration was made, frozen so that it means
    the same thing forever. Upgrade: the triggers on dose_records, dose_amendments,
    ppv_operating_periods, ppv_assignments, vendor_invoices, vendor_approval_limits (keyed by
    staff_id), export_requests, certificates and certificate_revocations; on PostgreSQL the
    function now takes the key column, so 0005's staff triggers are made again with it.
    Downgrade: drops those nine tables' triggers (0005's stay)."""
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
