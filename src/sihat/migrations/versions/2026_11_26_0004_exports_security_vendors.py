"""exports, security events and vendor payments

Controlled exports (requests, downloads, alerts), the security-event log and blocklist,
vendor contracts, metered usage, invoices and payment approval limits.

Revision ID: 0004_exports_security_vendors
Revises: 0001_foundation
Create Date: 2026-11-26 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_exports_security_vendors"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "export_alerts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=36), nullable=False),
        sa.Column("export_id", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_alerts")),
    )
    with op.batch_alter_table("export_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_alerts_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_alerts_raised_at"), ["raised_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_export_alerts_subject"), ["subject"], unique=False)

    op.create_table(
        "security_blocks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("source_ip", sa.String(length=64), nullable=False),
        sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("events", sa.Integer(), nullable=False),
        sa.Column("by_type", sa.String(length=10), nullable=False),
        sa.Column("by_id", sa.String(length=36), nullable=True),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("lifted_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_blocks")),
    )
    with op.batch_alter_table("security_blocks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_security_blocks_source_ip"), ["source_ip"], unique=False
        )

    op.create_table(
        "security_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("source_ip", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("blocked", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_events")),
    )
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_security_events_first_at"), ["first_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_security_events_kind"), ["kind"], unique=False)
        batch_op.create_index(
            "ix_security_events_source_last", ["source_ip", "last_at"], unique=False
        )

    op.create_table(
        "vendor_usage",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("service", sa.String(length=10), nullable=False),
        sa.Column("operation", sa.String(length=30), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("ref", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_usage")),
        sa.UniqueConstraint("source", "ref", name="uq_vendor_usage_source_ref"),
    )
    with op.batch_alter_table("vendor_usage", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_usage_occurred_at"), ["occurred_at"], unique=False
        )

    op.create_table(
        "export_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purpose", sa.String(length=500), nullable=False),
        sa.Column("dataset", sa.String(length=40), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("max_rows", sa.Integer(), nullable=False),
        sa.Column("matched_rows", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=500), nullable=True),
        sa.Column("allow_names", sa.Boolean(), nullable=False),
        sa.Column("allow_phones", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marker", sa.String(length=40), nullable=False),
        sa.Column("downloads", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["staff_accounts.id"],
            name=op.f("fk_export_requests_decided_by_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["staff_accounts.id"],
            name=op.f("fk_export_requests_requested_by_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_requests")),
        sa.UniqueConstraint("marker", name=op.f("uq_export_requests_marker")),
    )
    with op.batch_alter_table("export_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_requests_requested_at"), ["requested_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_export_requests_requested_by"), ["requested_by"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_export_requests_status"), ["status"], unique=False)

    op.create_table(
        "vendor_approval_limits",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("limit_sen", sa.BigInteger(), nullable=False),
        sa.Column("set_by", sa.String(length=36), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_vendor_approval_limits_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_vendor_approval_limits")),
    )
    op.create_table(
        "vendor_contracts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("contract_ref", sa.String(length=60), nullable=False),
        sa.Column("vendor", sa.String(length=120), nullable=False),
        sa.Column("service", sa.String(length=10), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("rate_sen_per_1000", sa.Integer(), nullable=False),
        sa.Column("ceiling_sen", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["staff_accounts.id"],
            name=op.f("fk_vendor_contracts_created_by_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_contracts")),
        sa.UniqueConstraint("contract_ref", name=op.f("uq_vendor_contracts_contract_ref")),
    )
    with op.batch_alter_table("vendor_contracts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_contracts_service"), ["service"], unique=False)

    op.create_table(
        "export_downloads",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("export_id", sa.String(length=36), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("downloaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=300), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["export_id"],
            ["export_requests.id"],
            name=op.f("fk_export_downloads_export_id_export_requests"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_export_downloads_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_downloads")),
    )
    with op.batch_alter_table("export_downloads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_export_downloads_downloaded_at"), ["downloaded_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_export_downloads_export_id"), ["export_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_export_downloads_staff_id"), ["staff_id"], unique=False
        )

    op.create_table(
        "vendor_invoices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("contract_id", sa.String(length=36), nullable=False),
        sa.Column("invoice_no", sa.String(length=60), nullable=False),
        sa.Column("invoice_date", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("units_billed", sa.BigInteger(), nullable=False),
        sa.Column("amount_sen", sa.BigInteger(), nullable=False),
        sa.Column("metered_units", sa.BigInteger(), nullable=False),
        sa.Column("expected_sen", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("received_by", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verified_by", sa.String(length=36), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("approver_limit_sen", sa.BigInteger(), nullable=True),
        sa.Column("paid_by", sa.String(length=36), nullable=True),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("payment_ref", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["vendor_contracts.id"],
            name=op.f("fk_vendor_invoices_contract_id_vendor_contracts"),
        ),
        sa.ForeignKeyConstraint(
            ["received_by"],
            ["staff_accounts.id"],
            name=op.f("fk_vendor_invoices_received_by_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_invoices")),
        sa.UniqueConstraint("contract_id", "invoice_no", name="uq_vendor_invoices_contract_no"),
    )
    with op.batch_alter_table("vendor_invoices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_invoices_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_vendor_invoices_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("vendor_invoices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_invoices_status"))
        batch_op.drop_index(batch_op.f("ix_vendor_invoices_contract_id"))

    op.drop_table("vendor_invoices")
    with op.batch_alter_table("export_downloads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_downloads_staff_id"))
        batch_op.drop_index(batch_op.f("ix_export_downloads_export_id"))
        batch_op.drop_index(batch_op.f("ix_export_downloads_downloaded_at"))

    op.drop_table("export_downloads")
    with op.batch_alter_table("vendor_contracts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_contracts_service"))

    op.drop_table("vendor_contracts")
    op.drop_table("vendor_approval_limits")
    with op.batch_alter_table("export_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_requests_status"))
        batch_op.drop_index(batch_op.f("ix_export_requests_requested_by"))
        batch_op.drop_index(batch_op.f("ix_export_requests_requested_at"))

    op.drop_table("export_requests")
    with op.batch_alter_table("vendor_usage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_usage_occurred_at"))

    op.drop_table("vendor_usage")
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.drop_index("ix_security_events_source_last")
        batch_op.drop_index(batch_op.f("ix_security_events_kind"))
        batch_op.drop_index(batch_op.f("ix_security_events_first_at"))

    op.drop_table("security_events")
    with op.batch_alter_table("security_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_blocks_source_ip"))

    op.drop_table("security_blocks")
    with op.batch_alter_table("export_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_alerts_subject"))
        batch_op.drop_index(batch_op.f("ix_export_alerts_raised_at"))
        batch_op.drop_index(batch_op.f("ix_export_alerts_kind"))

    op.drop_table("export_alerts")
