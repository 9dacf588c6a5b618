"""merge the hardening branch (blocking by address and account, identity proofing) beside
self-assessment

Revision ID: 0017_merge_harden2
Revises: 0016_selfassess, 0016_harden2
Create Date: 2026-12-05
"""

from __future__ import annotations

revision = "0017_merge_harden2"
down_revision = ("0016_selfassess", "0016_harden2")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
