"""merge the case register and MyRisk branches

Revision ID: 0010_merge_cases_risk
Revises: 0009_cases, 0009_risk
Create Date: 2026-12-05
"""

from __future__ import annotations

revision = "0010_merge_cases_risk"
down_revision = ("0009_cases", "0009_risk")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
