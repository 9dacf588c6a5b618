"""Vaccination tables: centres (PPV) and their operating periods, capacity and staff
assignments; batches and stock; appointments; dose records, their amendments and late-entry
approvals; adverse events (AEFI).

Integrity lives in the schema as well as in the services: stock cannot go below zero (a
check constraint), a client-generated dose id is unique (offline uploads are idempotent), and
a slot's bookings cannot exceed its capacity. Dose records are never updated or deleted:
a correction is a new record linked through an amendment.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

CENTRE_TYPES = (
    "HOSPITAL",
    "HEALTH_CLINIC",
    "PRIVATE_CLINIC",
    "MEGA_CENTRE",
    "OUTREACH",
    "WORKPLACE",
)
CENTRE_ROLES = ("VACCINATOR", "REGISTRATION_DESK", "SUPERVISOR")


def new_id() -> str:
    return str(uuid.uuid4())


class Centre(Base):
    __tablename__ = "ppv_centres"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(40), index=True)
    district: Mapped[str] = mapped_column(String(60))
    latitude: Mapped[float | None] = mapped_column()
    longitude: Mapped[float | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(String(36))


class OperatingPeriod(Base):
    """A centre operates on every Malaysian date from ``opens_on`` to ``closes_on`` inclusive."""

    __tablename__ = "ppv_operating_periods"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"), index=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    opened_by: Mapped[str | None] = mapped_column(String(36))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(36))
    close_reason: Mapped[str | None] = mapped_column(String(200))


class Capacity(Base):
    __tablename__ = "ppv_capacities"
    __table_args__ = (UniqueConstraint("ppv_code", "product", name="uq_ppv_capacities_product"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"))
    product: Mapped[str] = mapped_column(String(40))
    daily: Mapped[int] = mapped_column(Integer)


class SlotBooking(Base):
    """Bookings per centre, product and day; raised only while below the capacity."""

    __tablename__ = "ppv_slot_bookings"
    __table_args__ = (
        UniqueConstraint("ppv_code", "product", "day", name="uq_ppv_slot_bookings_slot"),
        CheckConstraint("booked >= 0", name="booked_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"))
    product: Mapped[str] = mapped_column(String(40))
    day: Mapped[date] = mapped_column(Date)
    booked: Mapped[int] = mapped_column(Integer, default=0)


class Assignment(Base):
    """Who works at a centre, in which role. Closing the centre ends every assignment."""

    __tablename__ = "ppv_assignments"
    __table_args__ = (
        Index(
            "uq_ppv_assignments_current",
            "ppv_code",
            "staff_id",
            "role",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_by: Mapped[str | None] = mapped_column(String(36))
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[str | None] = mapped_column(String(36))
    end_reason: Mapped[str | None] = mapped_column(String(40))


class Batch(Base):
    __tablename__ = "vaccine_batches"
    __table_args__ = (UniqueConstraint("product", "lot", name="uq_vaccine_batches_lot"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    product: Mapped[str] = mapped_column(String(40))
    lot: Mapped[str] = mapped_column(String(40))
    expires_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Stock(Base):
    __tablename__ = "ppv_stock"
    __table_args__ = (
        UniqueConstraint("ppv_code", "batch_id", name="uq_ppv_stock_batch"),
        CheckConstraint("quantity >= 0", name="quantity_not_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"))
    batch_id: Mapped[str] = mapped_column(ForeignKey("vaccine_batches.id"))
    quantity: Mapped[int] = mapped_column(Integer)


class StockMovement(Base):
    """Receipts, transfers and discards. Doses used are the dose records themselves."""

    __tablename__ = "ppv_stock_movements"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"), index=True)
    batch_id: Mapped[str] = mapped_column(ForeignKey("vaccine_batches.id"))
    kind: Mapped[str] = mapped_column(String(20))  # RECEIVED, TRANSFER_OUT, TRANSFER_IN, DISCARDED
    quantity: Mapped[int] = mapped_column(Integer)  # signed
    other_ppv: Mapped[str | None] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    by: Mapped[str] = mapped_column(String(36))


class Appointment(Base):
    """OFFERED -> ACCEPTED -> ATTENDED; or CANCELLED, NO_SHOW. Walk-ins start ACCEPTED."""

    __tablename__ = "vaccination_appointments"
    __table_args__ = (Index("ix_vaccination_appointments_slot", "ppv_code", "day", "status"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"))
    product: Mapped[str] = mapped_column(String(40))
    dose_number: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(12))  # ALLOCATED, NEXT_DOSE, WALKIN
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(40))


class LateEntry(Base):
    """A reason for entering doses late, requested at a centre and approved by its supervisor."""

    __tablename__ = "dose_late_entries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"), index=True)
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(500))
    requested_by: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(ForeignKey("staff_accounts.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Dose(Base):
    """One administered dose. Every field is required; rows are never updated or deleted.

    ``slot`` is the CITF dose slot (1 partial, 2 full, 3 booster, 4 second booster);
    ``administered_on`` (Malaysian date), ``state`` and ``age_group`` are fixed at entry so
    that the open-data report is a plain GROUP BY.
    """

    __tablename__ = "dose_records"
    __table_args__ = (
        Index("ix_dose_records_day_state", "administered_on", "state"),
        CheckConstraint("dose_number >= 1", name="dose_number_positive"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    dose_number: Mapped[int] = mapped_column(Integer)
    slot: Mapped[int] = mapped_column(Integer)
    product: Mapped[str] = mapped_column(String(40))
    batch_id: Mapped[str] = mapped_column(ForeignKey("vaccine_batches.id"))
    ppv_code: Mapped[str] = mapped_column(ForeignKey("ppv_centres.code"))
    vaccinator_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    administered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    administered_on: Mapped[date] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_time: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(10))  # ONLINE, OFFLINE, AMENDMENT
    late_entry_id: Mapped[str | None] = mapped_column(ForeignKey("dose_late_entries.id"))
    state: Mapped[str] = mapped_column(String(40))
    age_group: Mapped[str] = mapped_column(String(12))
    policy_version: Mapped[str] = mapped_column(String(30))


class Amendment(Base):
    """A correction: who asked and why, who approved. The original record stays as it was;
    once approved, ``replacement_id`` (if any) counts instead of it, or nothing does (VOID)."""

    __tablename__ = "dose_amendments"
    __table_args__ = (
        Index(
            "uq_dose_amendments_open",
            "dose_id",
            unique=True,
            sqlite_where=text("status IN ('PENDING', 'APPROVED')"),
            postgresql_where=text("status IN ('PENDING', 'APPROVED')"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dose_id: Mapped[str] = mapped_column(ForeignKey("dose_records.id"))
    kind: Mapped[str] = mapped_column(String(10))  # CORRECT, VOID
    changes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10))  # PENDING, APPROVED, REJECTED
    requested_by: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff_accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    replacement_id: Mapped[str | None] = mapped_column(ForeignKey("dose_records.id"))


class AdverseEvent(Base):
    """An adverse event following immunisation, reported by the recipient (MYSJ) or staff
    (NPRA, the regulator's channel)."""

    __tablename__ = "aefi_reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    dose_id: Mapped[str] = mapped_column(ForeignKey("dose_records.id"), index=True)
    channel: Mapped[str] = mapped_column(String(6))  # MYSJ, NPRA
    reported_by_type: Mapped[str] = mapped_column(String(10))
    reported_by_id: Mapped[str] = mapped_column(String(36))
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_on: Mapped[date] = mapped_column(Date, index=True)
    onset_on: Mapped[date] = mapped_column(Date)
    serious: Mapped[bool] = mapped_column()
    symptoms: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str | None] = mapped_column(String(1000))
