"""Identity proofing at sign-up (a phone a staff member recorded for a person) and automatic
blocking by (address, account): the account a security event came from, and the account a
block refuses

Revision ID: 0016_harden2
Revises: 0015_merge_notify
Create Date: 2026-12-05 23:59:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_harden2"
down_revision = "0015_merge_notify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", sa.String(length=64), nullable=True))
    with op.batch_alter_table("security_blocks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("security_blocks", schema=None) as batch_op:
        batch_op.drop_column("account")
    with op.batch_alter_table("security_events", schema=None) as batch_op:
        batch_op.drop_column("account")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("phone_hash")
