"""Orders (home surveillance and release), each with its signed document, and the
enforcement alerts raised when a person under a home surveillance order checks in."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

KINDS = ("HSO", "RO")
# HSO: ACTIVE -> RELEASED (an officer's release order) or COMPLETED (ran its course; the
# release order is issued automatically). An RO is ISSUED.
STATUSES = ("ACTIVE", "RELEASED", "COMPLETED", "ISSUED")


def _id() -> str:
    return str(uuid.uuid4())


class Order(Base):
    """One order. At most one ACTIVE home surveillance order per person (database-enforced)."""

    __tablename__ = "orders"
    __table_args__ = (
        Index(
            "uq_orders_active_hso_person",
            "person_id",
            unique=True,
            sqlite_where=text("kind = 'HSO' AND status = 'ACTIVE'"),
            postgresql_where=text("kind = 'HSO' AND status = 'ACTIVE'"),
        ),
        Index("ix_orders_place", "state", "district"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    order_no: Mapped[str] = mapped_column(String(24), unique=True)
    kind: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(10))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    ends_order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"))  # an RO's HSO
    state: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_by: Mapped[str | None] = mapped_column(String(36))  # staff id; None: automatic
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kid: Mapped[str] = mapped_column(String(16))
    document: Mapped[str] = mapped_column(Text)


class OrderAlert(Base):
    """A check-in by a person under a home surveillance order: exactly one per check-in (the
    unique ``checkin_id``), for the officers of the order's district."""

    __tablename__ = "order_alerts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    checkin_id: Mapped[uuid.UUID] = mapped_column(Uuid, unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime)
    premise_id: Mapped[str] = mapped_column(String(36))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    state: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
