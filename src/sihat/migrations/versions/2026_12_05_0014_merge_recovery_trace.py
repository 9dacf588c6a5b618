"""merge the account-recovery and MySJ Trace branches

Revision ID: 0014_merge_recovery_trace
Revises: 0013_recovery, 0013_mysj_trace
Create Date: 2026-12-05
"""

from __future__ import annotations

revision = "0014_merge_recovery_trace"
down_revision = ("0013_recovery", "0013_mysj_trace")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
