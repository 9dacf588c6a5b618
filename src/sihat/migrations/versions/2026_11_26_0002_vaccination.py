"""vaccination: centres (PPV), stock, appointments, dose records, amendments, AEFI

Revision ID: 0002_vaccination
Revises: 0001_foundation
Create Date: 2026-11-26 22:43:59.390796
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_vaccination"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ppv_centres",
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("district", sa.String(length=60), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_ppv_centres")),
    )
    with op.batch_alter_table("ppv_centres", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ppv_centres_state"), ["state"], unique=False)

    op.create_table(
        "vaccine_batches",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("lot", sa.String(length=40), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccine_batches")),
        sa.UniqueConstraint("product", "lot", name="uq_vaccine_batches_lot"),
    )
    op.create_table(
        "dose_late_entries",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved_by", sa.String(length=36), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["approved_by"],
            ["staff_accounts.id"],
            name=op.f("fk_dose_late_entries_approved_by_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["ppv_code"],
            ["ppv_centres.code"],
            name=op.f("fk_dose_late_entries_ppv_code_ppv_centres"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["staff_accounts.id"],
            name=op.f("fk_dose_late_entries_requested_by_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_late_entries")),
    )
    with op.batch_alter_table("dose_late_entries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dose_late_entries_ppv_code"), ["ppv_code"], unique=False
        )

    op.create_table(
        "ppv_assignments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("staff_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(length=36), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by", sa.String(length=36), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["ppv_code"], ["ppv_centres.code"], name=op.f("fk_ppv_assignments_ppv_code_ppv_centres")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff_accounts.id"],
            name=op.f("fk_ppv_assignments_staff_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_assignments")),
    )
    with op.batch_alter_table("ppv_assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ppv_assignments_ppv_code"), ["ppv_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_ppv_assignments_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(
            "uq_ppv_assignments_current",
            ["ppv_code", "staff_id", "role"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    op.create_table(
        "ppv_capacities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("daily", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ppv_code"], ["ppv_centres.code"], name=op.f("fk_ppv_capacities_ppv_code_ppv_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_capacities")),
        sa.UniqueConstraint("ppv_code", "product", name="uq_ppv_capacities_product"),
    )
    op.create_table(
        "ppv_operating_periods",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=True),
        sa.Column("opened_by", sa.String(length=36), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.String(length=36), nullable=True),
        sa.Column("close_reason", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["ppv_code"],
            ["ppv_centres.code"],
            name=op.f("fk_ppv_operating_periods_ppv_code_ppv_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_operating_periods")),
    )
    with op.batch_alter_table("ppv_operating_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ppv_operating_periods_ppv_code"), ["ppv_code"], unique=False
        )

    op.create_table(
        "ppv_slot_bookings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("booked", sa.Integer(), nullable=False),
        sa.CheckConstraint("booked >= 0", name=op.f("ck_ppv_slot_bookings_booked_not_negative")),
        sa.ForeignKeyConstraint(
            ["ppv_code"],
            ["ppv_centres.code"],
            name=op.f("fk_ppv_slot_bookings_ppv_code_ppv_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_slot_bookings")),
        sa.UniqueConstraint("ppv_code", "product", "day", name="uq_ppv_slot_bookings_slot"),
    )
    op.create_table(
        "ppv_stock",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_ppv_stock_quantity_not_negative")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["vaccine_batches.id"], name=op.f("fk_ppv_stock_batch_id_vaccine_batches")
        ),
        sa.ForeignKeyConstraint(
            ["ppv_code"], ["ppv_centres.code"], name=op.f("fk_ppv_stock_ppv_code_ppv_centres")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_stock")),
        sa.UniqueConstraint("ppv_code", "batch_id", name="uq_ppv_stock_batch"),
    )
    op.create_table(
        "ppv_stock_movements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("other_ppv", sa.String(length=30), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["vaccine_batches.id"],
            name=op.f("fk_ppv_stock_movements_batch_id_vaccine_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["ppv_code"],
            ["ppv_centres.code"],
            name=op.f("fk_ppv_stock_movements_ppv_code_ppv_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ppv_stock_movements")),
    )
    with op.batch_alter_table("ppv_stock_movements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ppv_stock_movements_ppv_code"), ["ppv_code"], unique=False
        )

    op.create_table(
        "vaccination_appointments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_reason", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_vaccination_appointments_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["ppv_code"],
            ["ppv_centres.code"],
            name=op.f("fk_vaccination_appointments_ppv_code_ppv_centres"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vaccination_appointments")),
    )
    with op.batch_alter_table("vaccination_appointments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vaccination_appointments_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index(
            "ix_vaccination_appointments_slot", ["ppv_code", "day", "status"], unique=False
        )

    op.create_table(
        "dose_records",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("dose_number", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("product", sa.String(length=40), nullable=False),
        sa.Column("batch_id", sa.String(length=36), nullable=False),
        sa.Column("ppv_code", sa.String(length=30), nullable=False),
        sa.Column("vaccinator_id", sa.String(length=36), nullable=False),
        sa.Column("administered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("administered_on", sa.Date(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("device_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("late_entry_id", sa.String(length=36), nullable=True),
        sa.Column("state", sa.String(length=40), nullable=False),
        sa.Column("age_group", sa.String(length=12), nullable=False),
        sa.Column("policy_version", sa.String(length=30), nullable=False),
        sa.CheckConstraint("dose_number >= 1", name=op.f("ck_dose_records_dose_number_positive")),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["vaccine_batches.id"],
            name=op.f("fk_dose_records_batch_id_vaccine_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["late_entry_id"],
            ["dose_late_entries.id"],
            name=op.f("fk_dose_records_late_entry_id_dose_late_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_dose_records_person_id_people")
        ),
        sa.ForeignKeyConstraint(
            ["ppv_code"], ["ppv_centres.code"], name=op.f("fk_dose_records_ppv_code_ppv_centres")
        ),
        sa.ForeignKeyConstraint(
            ["vaccinator_id"],
            ["staff_accounts.id"],
            name=op.f("fk_dose_records_vaccinator_id_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_records")),
        sa.UniqueConstraint("client_id", name=op.f("uq_dose_records_client_id")),
    )
    with op.batch_alter_table("dose_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_dose_records_day_state", ["administered_on", "state"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dose_records_person_id"), ["person_id"], unique=False)

    op.create_table(
        "aefi_reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dose_id", sa.String(length=36), nullable=False),
        sa.Column("channel", sa.String(length=6), nullable=False),
        sa.Column("reported_by_type", sa.String(length=10), nullable=False),
        sa.Column("reported_by_id", sa.String(length=36), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("onset_on", sa.Date(), nullable=False),
        sa.Column("serious", sa.Boolean(), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("description", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["dose_records.id"], name=op.f("fk_aefi_reports_dose_id_dose_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aefi_reports")),
    )
    with op.batch_alter_table("aefi_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aefi_reports_dose_id"), ["dose_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_aefi_reports_reported_on"), ["reported_on"], unique=False
        )

    op.create_table(
        "dose_amendments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dose_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("requested_by", sa.String(length=36), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=36), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replacement_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["staff_accounts.id"],
            name=op.f("fk_dose_amendments_decided_by_staff_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["dose_id"], ["dose_records.id"], name=op.f("fk_dose_amendments_dose_id_dose_records")
        ),
        sa.ForeignKeyConstraint(
            ["replacement_id"],
            ["dose_records.id"],
            name=op.f("fk_dose_amendments_replacement_id_dose_records"),
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["staff_accounts.id"],
            name=op.f("fk_dose_amendments_requested_by_staff_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dose_amendments")),
    )
    with op.batch_alter_table("dose_amendments", schema=None) as batch_op:
        batch_op.create_index(
            "uq_dose_amendments_open",
            ["dose_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('PENDING', 'APPROVED')"),
            postgresql_where=sa.text("status IN ('PENDING', 'APPROVED')"),
        )


def downgrade() -> None:
    with op.batch_alter_table("dose_amendments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_dose_amendments_open",
            sqlite_where=sa.text("status IN ('PENDING', 'APPROVED')"),
            postgresql_where=sa.text("status IN ('PENDING', 'APPROVED')"),
        )

    op.drop_table("dose_amendments")
    with op.batch_alter_table("aefi_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aefi_reports_reported_on"))
        batch_op.drop_index(batch_op.f("ix_aefi_reports_dose_id"))

    op.drop_table("aefi_reports")
    with op.batch_alter_table("dose_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dose_records_person_id"))
        batch_op.drop_index("ix_dose_records_day_state")

    op.drop_table("dose_records")
    with op.batch_alter_table("vaccination_appointments", schema=None) as batch_op:
        batch_op.drop_index("ix_vaccination_appointments_slot")
        batch_op.drop_index(batch_op.f("ix_vaccination_appointments_person_id"))

    op.drop_table("vaccination_appointments")
    with op.batch_alter_table("ppv_stock_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ppv_stock_movements_ppv_code"))

    op.drop_table("ppv_stock_movements")
    op.drop_table("ppv_stock")
    op.drop_table("ppv_slot_bookings")
    with op.batch_alter_table("ppv_operating_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ppv_operating_periods_ppv_code"))

    op.drop_table("ppv_operating_periods")
    op.drop_table("ppv_capacities")
    with op.batch_alter_table("ppv_assignments", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_ppv_assignments_current",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_ppv_assignments_staff_id"))
        batch_op.drop_index(batch_op.f("ix_ppv_assignments_ppv_code"))

    op.drop_table("ppv_assignments")
    with op.batch_alter_table("dose_late_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dose_late_entries_ppv_code"))

    op.drop_table("dose_late_entries")
    op.drop_table("vaccine_batches")
    with op.batch_alter_table("ppv_centres", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ppv_centres_state"))

    op.drop_table("ppv_centres")
