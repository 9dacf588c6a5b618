"""Account recovery (a move to a new phone after a waiting period the old number can cancel)
and the last accepted authenticator step per staff account (each TOTP code logs in once)

Revision ID: 0013_recovery
Revises: 0012_protect_health_records
Create Date: 2026-12-05 21:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_recovery"
down_revision = "0012_protect_health_records"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_recoveries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("new_phone", sa.String(length=200), nullable=False),
        sa.Column("new_phone_hash", sa.String(length=64), nullable=False),
        sa.Column("old_phone_hash", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("cancel_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=30), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_account_recoveries_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_recoveries")),
        sa.UniqueConstraint("cancel_hash", name=op.f("uq_account_recoveries_cancel_hash")),
    )
    with op.batch_alter_table("account_recoveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_recoveries_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_account_recoveries_new_phone_hash"), ["new_phone_hash"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_account_recoveries_due_at"), ["due_at"], unique=False)
        batch_op.create_index(
            "uq_account_recoveries_pending",
            ["account_id"],
            unique=True,
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )

    op.create_table(
        "staff_totp_steps",
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("last_step", sa.BigInteger(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_staff_totp_steps_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_staff_totp_steps")),
    )


def downgrade() -> None:
    op.drop_table("staff_totp_steps")
    with op.batch_alter_table("account_recoveries", schema=None) as batch_op:
        batch_op.drop_index("uq_account_recoveries_pending")
        batch_op.drop_index(batch_op.f("ix_account_recoveries_due_at"))
        batch_op.drop_index(batch_op.f("ix_account_recoveries_new_phone_hash"))
        batch_op.drop_index(batch_op.f("ix_account_recoveries_account_id"))
    op.drop_table("account_recoveries")
