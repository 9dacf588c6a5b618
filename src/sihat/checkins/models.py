"""Check-in tables: premises and their people, the check-ins themselves, the aggregates kept
after individual check-ins are purged, and refused QR codes.

``checkins`` is append-mostly and large (tens of millions of rows a day at the national peak).
On PostgreSQL the migration creates it ``PARTITION BY RANGE (checked_in_at)`` with one
partition per Malaysian day (see ``partitions``), so retention drops whole partitions. Its
primary key therefore includes the partition column, and it has no foreign keys: rows are
written only by the group-commit writer, which has already checked the premise and the people.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


class Premise(Base):
    __tablename__ = "premises"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    owner_account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))
    address: Mapped[str] = mapped_column(String(300))
    state: Mapped[str] = mapped_column(String(40), index=True)
    district: Mapped[str] = mapped_column(String(60))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    qr_version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="ACTIVE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rotated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PremiseMember(Base):
    """Accounts that run a premise: its owner and the staff who record manual check-ins."""

    __tablename__ = "premise_members"

    premise_id: Mapped[str] = mapped_column(ForeignKey("premises.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))  # OWNER, STAFF
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CheckIn(Base):
    """One person's visit to one premise. ``individual`` is the person id, or for a manual
    check-in the blind index of the visitor's phone: it is what ``unique_ind`` counts."""

    __tablename__ = "checkins"
    __table_args__ = (
        Index("ix_checkins_premise_time", "premise_id", "checked_in_at"),
        Index("ix_checkins_individual_time", "individual", "checked_in_at"),
        {"postgresql_partition_by": "RANGE (checked_in_at)"},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    premise_id: Mapped[str] = mapped_column(String(36))
    state: Mapped[str] = mapped_column(String(40))
    individual: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str | None] = mapped_column(String(36))
    account_id: Mapped[str | None] = mapped_column(String(36))  # who scanned, or who recorded
    method: Mapped[str] = mapped_column(String(10))  # QR, MANUAL
    visitor_name: Mapped[str | None] = mapped_column(Encrypted(400))
    visitor_phone: Mapped[str | None] = mapped_column(Encrypted(200))
    checked_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(10))  # VISITOR, NEXT, DEFAULT


class CheckInAggregate(Base):
    """Figures of one Malaysian day kept after its check-ins are purged.

    ``state`` is ``""`` for the whole country; ``bucket`` is ``-1`` for the whole day or the
    half-hour slot 0..47 (national only, ``checkins`` only, as in MoH's time file)."""

    __tablename__ = "checkin_aggregates"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    state: Mapped[str] = mapped_column(String(40), primary_key=True)
    bucket: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    checkins: Mapped[int] = mapped_column(BigInteger)
    unique_ind: Mapped[int] = mapped_column(BigInteger)
    unique_loc: Mapped[int] = mapped_column(BigInteger)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PurgedDay(Base):
    """A Malaysian day whose individual check-ins were purged (its aggregates are final)."""

    __tablename__ = "checkin_purged_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    checkins: Mapped[int] = mapped_column(BigInteger)
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime)


class QrSecurityEvent(Base):
    """A refused QR code (forged, altered, or for a retired version): who sent it, never
    the person behind it beyond the account id."""

    __tablename__ = "checkin_security_events"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # qr_invalid, qr_rotated
    ip: Mapped[str | None] = mapped_column(String(64))
    account_id: Mapped[str | None] = mapped_column(String(36))
    premise_id: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# The Core table, for the writer's multi-row statements (typed as a Table for mypy).
CHECKINS: Table = CheckIn.__table__  # type: ignore[assignment]
