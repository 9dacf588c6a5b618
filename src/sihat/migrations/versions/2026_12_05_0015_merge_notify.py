"""merge the notification-delivery branch

Revision ID: 0015_merge_notify
Revises: 0014_merge_recovery_trace, 0013_notify
Create Date: 2026-12-05
"""

from __future__ import annotations

revision = "0015_merge_notify"
down_revision = ("0014_merge_recovery_trace", "0013_notify")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
