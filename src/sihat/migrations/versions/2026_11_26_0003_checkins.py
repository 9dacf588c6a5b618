"""checkins: premises, their members, check-ins (day-partitioned on PostgreSQL), aggregates

Revision ID: 0003_checkins
Revises: 0001_foundation
Create Date: 2026-11-26 22:50:00

On PostgreSQL ``checkins`` is ``PARTITION BY RANGE (checked_in_at)``; its day partitions are
created ahead by the check-in service (``sihat checkins partitions``) and dropped by the purge.
SQLite gets a plain table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_checkins"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "premises",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_account_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("qr_version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_account_id"],
            ["accounts.id"],
            name=op.f("fk_premises_owner_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_premises")),
    )
    op.create_index(
        op.f("ix_premises_owner_account_id"), "premises", ["owner_account_id"], unique=False
    )
    op.create_index(op.f("ix_premises_state"), "premises", ["state"], unique=False)
    op.create_table(
        "premise_members",
        sa.Column("premise_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_premise_members_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["premise_id"], ["premises.id"], name=op.f("fk_premise_members_premise_id_premises")
        ),
        sa.PrimaryKeyConstraint("premise_id", "account_id", name=op.f("pk_premise_members")),
    )
    partitioned = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "checkins",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("premise_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("individual", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("visitor_name", sa.String(length=400), nullable=True),
        sa.Column("visitor_phone", sa.String(length=200), nullable=True),
        sa.Column("checked_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=10), nullable=True),
        sa.PrimaryKeyConstraint("id", "checked_in_at", name=op.f("pk_checkins")),
        # PostgreSQL: one partition per Malaysian day, made ahead by the service.
        **({"postgresql_partition_by": "RANGE (checked_in_at)"} if partitioned else {}),  # type: ignore[arg-type]
    )
    op.create_index(
        "ix_checkins_individual_time", "checkins", ["individual", "checked_in_at"], unique=False
    )
    op.create_index(
        "ix_checkins_premise_time", "checkins", ["premise_id", "checked_in_at"], unique=False
    )
    op.create_table(
        "checkin_aggregates",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("bucket", sa.SmallInteger(), nullable=False),
        sa.Column("checkins", sa.BigInteger(), nullable=False),
        sa.Column("unique_ind", sa.BigInteger(), nullable=False),
        sa.Column("unique_loc", sa.BigInteger(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", "state", "bucket", name=op.f("pk_checkin_aggregates")),
    )
    op.create_table(
        "checkin_purged_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("checkins", sa.BigInteger(), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_checkin_purged_days")),
    )
    op.create_table(
        "checkin_security_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("account_id", sa.String(length=36), nullable=True),
        sa.Column("premise_id", sa.String(length=36), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_security_events")),
    )
    op.create_index(
        op.f("ix_checkin_security_events_occurred_at"),
        "checkin_security_events",
        ["occurred_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_checkin_security_events_occurred_at"), table_name="checkin_security_events"
    )
    op.drop_table("checkin_security_events")
    op.drop_table("checkin_purged_days")
    op.drop_table("checkin_aggregates")
    op.drop_index("ix_checkins_premise_time", table_name="checkins")
    op.drop_index("ix_checkins_individual_time", table_name="checkins")
    op.drop_table("checkins")  # on PostgreSQL this drops every day partition with it
    op.drop_table("premise_members")
    op.drop_index(op.f("ix_premises_state"), table_name="premises")
    op.drop_index(op.f("ix_premises_owner_account_id"), table_name="premises")
    op.drop_table("premises")
