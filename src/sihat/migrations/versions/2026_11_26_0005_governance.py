"""governance: alerts, staff requests and approvals, audit-log chain, row-change triggers

Revision ID: 0005_governance
Revises: 0001_foundation
Create Date: 2026-11-26 22:44:33
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0005_governance"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def _run_frozen_sql(direction: str) -> None:
    """Run ``sql/0005_governance.<direction>.<dialect>.sql``: the row-change triggers on
    ``staff_accounts`` and ``staff_roles`` as ``governance/triggers.py`` wrote them when this
    migration was made, frozen so that it means the same thing forever."""
    dialect = op.get_context().dialect.name
    path = Path(__file__).parent / "sql" / f"{revision}.{direction}.{dialect}.sql"
    for block in path.read_text(encoding="utf-8").split(";\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("--")]
        statement = "\n".join(lines).strip().removesuffix(";")
        if statement:
            op.execute(sa.text(statement))


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("severity", sa.String(length=10), nullable=False),
        sa.Column("subject_type", sa.String(length=30), nullable=True),
        sa.Column("subject_id", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alerts_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_alerts_raised_at"), ["raised_at"], unique=False)
    op.create_table(
        "app_tx_marker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_tx_marker")),
    )
    op.create_table(
        "row_changes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("row_id", sa.String(length=64), nullable=True),
        sa.Column("changed_at", sa.String(length=40), nullable=True),
        sa.Column("app_token", sa.String(length=200), nullable=True),
        sa.Column("db_user", sa.String(length=60), nullable=True),
        sa.Column("txid", sa.String(length=30), nullable=True),
        sa.Column("alerted_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_row_changes")),
    )
    op.create_table(
        "staff_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("target_staff_id", sa.String(length=36), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("scope_type", sa.String(length=10), nullable=False),
        sa.Column("scope_code", sa.String(length=60), nullable=True),
        sa.Column("approvals_required", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("maker_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["maker_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_requests_maker_id_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["target_staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_requests_target_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_requests")),
    )
    with op.batch_alter_table("staff_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_staff_requests_status"), ["status"], unique=False)
    op.create_table(
        "staff_approvals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("approver_id", sa.String(length=36), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["approver_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_approvals_approver_id_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["staff_requests.id"],
            name=op.f("fk_staff_approvals_request_id_staff_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_approvals")),
        sa.UniqueConstraint("request_id", "approver_id", name="uq_staff_approvals_once"),
    )
    with op.batch_alter_table("staff_approvals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_approvals_request_id"), ["request_id"], unique=False
        )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_audit_events_seq"), ["seq"])
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("activation_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("activation_expires_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column(
            "status",
            existing_type=sa.VARCHAR(length=10),
            type_=sa.String(length=20),
            existing_nullable=False,
        )
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("allowed_networks", sa.JSON(), nullable=True))
    _run_frozen_sql("upgrade")


def downgrade() -> None:
    _run_frozen_sql("downgrade")
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.drop_column("allowed_networks")
        batch_op.drop_column("request_id")
    with op.batch_alter_table("staff_accounts", schema=None) as batch_op:
        batch_op.alter_column(
            "status",
            existing_type=sa.String(length=20),
            type_=sa.VARCHAR(length=10),
            existing_nullable=False,
        )
        batch_op.drop_column("activation_expires_at")
        batch_op.drop_column("activation_hash")
        batch_op.drop_column("request_id")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_events_seq"), type_="unique")
        batch_op.drop_column("chain_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("seq")
    op.drop_table("staff_approvals")
    op.drop_table("staff_requests")
    op.drop_table("row_changes")
    op.drop_table("app_tx_marker")
    op.drop_table("alerts")
