"""the case register: cases and their retraction requests

Revision ID: 0009_cases
Revises: 0008_merge_domains
Create Date: 2026-12-05 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_cases"
down_revision = "0008_merge_domains"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_no", sa.String(length=20), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("specimen_id", sa.String(length=60), nullable=False),
        sa.Column("sample_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("onset_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("isolated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("category", sa.SmallInteger(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_cases_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
        sa.UniqueConstraint("specimen_id", name=op.f("uq_cases_specimen_id")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_place", ["state", "district"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_sample_at"), ["sample_at"], unique=False)

    op.create_table(
        "case_retractions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("maker_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_retractions_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["maker_id"],
            ["staff_accounts.id"],
            name=op.f("fk_case_retractions_maker_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_retractions")),
    )
    with op.batch_alter_table("case_retractions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_retractions_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            "uq_case_retractions_pending",
            ["case_id"],
            unique=True,
            sqlite_where=sa.text("status = 'PENDING'"),
            postgresql_where=sa.text("status = 'PENDING'"),
        )


def downgrade() -> None:
    op.drop_table("case_retractions")
    op.drop_table("cases")
