"""identity claims: an unproven sign-up until a counter links or refuses it

Revision ID: 0018_redis2
Revises: 0017_merge_harden2
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_redis2"
down_revision = "0017_merge_harden2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identity_claims",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("account_id", sa.String(36), sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("open_account_id", sa.String(36), nullable=True, unique=True),
        sa.Column("claimed_person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("unproven_person_id", sa.String(36), sa.ForeignKey("people.id"), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("proposed_by", sa.String(36), nullable=True),
        sa.Column("proposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(500), nullable=True),
    )
    op.create_index("ix_identity_claims_account_id", "identity_claims", ["account_id"])
    op.create_index(
        "ix_identity_claims_claimed_person_id", "identity_claims", ["claimed_person_id"]
    )


def downgrade() -> None:
    op.drop_table("identity_claims")
