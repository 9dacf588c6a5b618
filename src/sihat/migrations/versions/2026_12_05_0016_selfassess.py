"""Self-assessment: assessments per person per day, daily tasks, self-test results

Revision ID: 0016_selfassess
Revises: 0015_merge_notify
Create Date: 2026-12-05 23:59:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_selfassess"
down_revision = "0015_merge_notify"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "self_assessments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("version", sa.String(length=30), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=True),
        sa.Column("district", sa.String(length=60), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("risk_status_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_self_assessments_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_self_assessments_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessments")),
        sa.UniqueConstraint("person_id", "day", name="uq_self_assessments_person_day"),
    )
    with op.batch_alter_table("self_assessments", schema=None) as batch_op:
        batch_op.create_index("ix_self_assessments_day", ["day"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_self_assessments_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "self_assessment_tasks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("risk_status", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=True),
        sa.Column("district", sa.String(length=60), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("missed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_self_assessment_tasks_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_assessment_tasks")),
        sa.UniqueConstraint("person_id", "day", name="uq_self_assessment_tasks_person_day"),
    )
    with op.batch_alter_table("self_assessment_tasks", schema=None) as batch_op:
        batch_op.create_index(
            "ix_self_assessment_tasks_day_status", ["day", "status"], unique=False
        )
        batch_op.create_index("ix_self_assessment_tasks_place", ["state", "district"], unique=False)

    op.create_table(
        "self_tests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("result", sa.String(length=8), nullable=False),
        sa.Column("brand", sa.String(length=30), nullable=False),
        sa.Column("tested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("photo", sa.Text(), nullable=True),
        sa.Column("photo_bytes", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_self_tests_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_self_tests_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_self_tests_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_tests")),
        sa.UniqueConstraint("person_id", "day", "result", name="uq_self_tests_person_day_result"),
    )
    with op.batch_alter_table("self_tests", schema=None) as batch_op:
        batch_op.create_index("ix_self_tests_day", ["day"], unique=False)
        batch_op.create_index(batch_op.f("ix_self_tests_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    op.drop_table("self_tests")
    op.drop_table("self_assessment_tasks")
    op.drop_table("self_assessments")
