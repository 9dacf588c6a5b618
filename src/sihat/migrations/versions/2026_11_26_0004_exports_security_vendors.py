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


def downgrade() -> None:
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.drop_index("ix_security_events_source_last")
        batch_op.drop_index(batch_op.f("ix_security_events_kind"))
        batch_op.drop_index(batch_op.f("ix_security_events_first_at"))

    op.drop_table("security_events")
    with op.batch_alter_table("security_blocks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_security_blocks_source_ip"))

    op.drop_table("security_blocks")
