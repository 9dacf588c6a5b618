"""MyRisk: risk statuses (one current per person), exposures, views per day

Revision ID: 0009_risk
Revises: 0008_merge_domains
Create Date: 2026-12-05 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_risk"
down_revision = "0008_merge_domains"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "risk_statuses",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("source_ref", sa.String(length=64), nullable=True),
        sa.Column("policy_version", sa.String(length=30), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("end_reason", sa.String(length=12), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_risk_statuses_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_statuses")),
    )
    with op.batch_alter_table("risk_statuses", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_risk_statuses_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(
            "ix_risk_statuses_person_created", ["person_id", "created_at"], unique=False
        )
        batch_op.create_index("ix_risk_statuses_source", ["source", "source_ref"], unique=False)
        batch_op.create_index(
            "uq_risk_statuses_current_person",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.create_table(
        "exposures",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("case_ref", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("premise_ref", sa.String(length=64), nullable=True),
        sa.Column("overlap_minutes", sa.Integer(), nullable=True),
        sa.Column("exposed_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_exposures_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exposures")),
        sa.UniqueConstraint("case_ref", "person_id", "kind", name="uq_exposures_case_person_kind"),
    )
    with op.batch_alter_table("exposures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exposures_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_exposures_person_id"), ["person_id"], unique=False)

    op.create_table(
        "risk_views",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_risk_views")),
    )


def downgrade() -> None:
    op.drop_table("risk_views")
    op.drop_table("exposures")
    op.drop_table("risk_statuses")
