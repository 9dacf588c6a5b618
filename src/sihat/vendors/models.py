"""Vendor contracts (rates and ceilings), metered usage, invoices with their payment steps,
and the payment approvers' authority limits. Money is kept in whole sen (integers)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

SERVICES = ("SMS", "MAPS_API", "OTHER")
# RECEIVED -> RECONCILED (or DISPUTED) -> VERIFIED -> APPROVED -> PAID
STATUSES = ("RECONCILED", "DISPUTED", "VERIFIED", "APPROVED", "PAID")


def _id() -> str:
    return str(uuid.uuid4())


class VendorContract(Base):
    __tablename__ = "vendor_contracts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    contract_ref: Mapped[str] = mapped_column(String(60), unique=True)
    vendor: Mapped[str] = mapped_column(String(120))
    service: Mapped[str] = mapped_column(String(10), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    rate_sen_per_1000: Mapped[int] = mapped_column(Integer)  # e.g. RM0.035 a call = 3500
    ceiling_sen: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class VendorUsage(Base):
    """One metered call (or message). ``source`` + ``ref`` identify it, so nothing is counted
    twice (e.g. an outbox message metered again)."""

    __tablename__ = "vendor_usage"
    __table_args__ = (UniqueConstraint("source", "ref", name="uq_vendor_usage_source_ref"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    service: Mapped[str] = mapped_column(String(10))
    operation: Mapped[str] = mapped_column(String(30))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    units: Mapped[int] = mapped_column(Integer, default=1)
    source: Mapped[str] = mapped_column(String(10))  # outbox, call
    ref: Mapped[str | None] = mapped_column(String(64))


class VendorInvoice(Base):
    __tablename__ = "vendor_invoices"
    __table_args__ = (
        UniqueConstraint("contract_id", "invoice_no", name="uq_vendor_invoices_contract_no"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    contract_id: Mapped[str] = mapped_column(ForeignKey("vendor_contracts.id"), index=True)
    invoice_no: Mapped[str] = mapped_column(String(60))
    invoice_date: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    units_billed: Mapped[int] = mapped_column(BigInteger)
    amount_sen: Mapped[int] = mapped_column(BigInteger)
    metered_units: Mapped[int] = mapped_column(BigInteger)
    expected_sen: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(10), index=True)
    received_by: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    verified_by: Mapped[str | None] = mapped_column(String(36))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by: Mapped[str | None] = mapped_column(String(36))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approver_limit_sen: Mapped[int | None] = mapped_column(BigInteger)
    paid_by: Mapped[str | None] = mapped_column(String(36))
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    payment_ref: Mapped[str | None] = mapped_column(String(60))


class ApprovalLimit(Base):
    """How much one payment approver may approve in one payment (set by an administrator)."""

    __tablename__ = "vendor_approval_limits"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), primary_key=True)
    limit_sen: Mapped[int] = mapped_column(BigInteger)
    set_by: Mapped[str] = mapped_column(String(36))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
