"""merge the domains' parallel branches; row-change triggers on every sensitive table

Revision ID: 0008_merge_domains
Revises: 0003_checkins, 0004_exports_security_vendors, 0005_governance,
    0006_certificates, 0007_audit_runs
Create Date: 2026-11-26 23:30:00
"""

from __future__ import annotations

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

# Kept here so this migration means the same thing forever (staff tables: 0005).
TRIGGERED = {
    "dose_records": "id",
    "dose_amendments": "id",
    "ppv_operating_periods": "id",
    "ppv_assignments": "id",
    "vendor_invoices": "id",
    "vendor_approval_limits": "staff_id",
    "export_requests": "id",
    "certificates": "id",
    "certificate_revocations": "id",
}


def upgrade() -> None:
    from sihat.governance import triggers

    # PostgreSQL: the function now takes the key column; 0005's staff triggers get it too.
    triggers.install(op.get_bind(), {"staff_accounts": "id", "staff_roles": "id", **TRIGGERED})


def downgrade() -> None:
    from sihat.governance import triggers

    triggers.uninstall(op.get_bind(), TRIGGERED)
