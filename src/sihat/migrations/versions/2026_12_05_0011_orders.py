"""Orders: home surveillance and release orders with their signed documents, and the
enforcement alerts (one per offending check-in)

Revision ID: 0011_orders
Revises: 0010_merge_cases_risk
Create Date: 2026-12-05 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_orders"
down_revision = "0010_merge_cases_risk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("order_no", sa.String(length=24), nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("case_id", sa.String(length=36), nullable=True),
        sa.Column("ends_order_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by", sa.String(length=36), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("kid", sa.String(length=16), nullable=False),
        sa.Column("document", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_orders_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["ends_order_id"], ["orders.id"], name=op.f("fk_orders_ends_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_orders_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("order_no", name=op.f("uq_orders_order_no")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_valid_until"), ["valid_until"], unique=False)
        batch_op.create_index("ix_orders_place", ["state", "district"], unique=False)
        batch_op.create_index(
            "uq_orders_active_hso_person",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text("kind = 'HSO' AND status = 'ACTIVE'"),
            postgresql_where=sa.text("kind = 'HSO' AND status = 'ACTIVE'"),
        )

    op.create_table(
        "order_alerts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("checkin_id", sa.Uuid(), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("premise_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_alerts_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_order_alerts_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_alerts")),
        sa.UniqueConstraint("checkin_id", name=op.f("uq_order_alerts_checkin_id")),
    )
    with op.batch_alter_table("order_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_alerts_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_order_alerts_raised_at"), ["raised_at"], unique=False)


def downgrade() -> None:
    op.drop_table("order_alerts")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("uq_orders_active_hso_person")
        batch_op.drop_index("ix_orders_place")
        batch_op.drop_index(batch_op.f("ix_orders_valid_until"))
        batch_op.drop_index(batch_op.f("ix_orders_person_id"))
    op.drop_table("orders")
