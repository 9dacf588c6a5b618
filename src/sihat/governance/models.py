"""Governance tables: staff change requests and their approvals (maker-checker), and the
record of every change to a sensitive row with whether the application made it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sihat.core.orm import Base, UTCDateTime

REQUEST_KINDS = ("CREATE", "CHANGE_ROLES", "TERMINATE", "REACTIVATE", "CANCEL_PPV_USER")


def _id() -> str:
    return str(uuid.uuid4())


class StaffRequest(Base):
    __tablename__ = "staff_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    kind: Mapped[str] = mapped_column(String(20))
    target_staff_id: Mapped[str | None] = mapped_column(ForeignKey("staff_accounts.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reason: Mapped[str] = mapped_column(String(500))
    scope_type: Mapped[str] = mapped_column(String(10))
    scope_code: Mapped[str | None] = mapped_column(String(60))
    approvals_required: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), index=True)  # PENDING, EXECUTED, REJECTED
    maker_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    approvals: Mapped[list[StaffApproval]] = relationship(
        lazy="selectin", order_by="StaffApproval.decided_at", viewonly=True
    )


class StaffApproval(Base):
    """One person's decision on one request; a person decides a request at most once."""

    __tablename__ = "staff_approvals"
    __table_args__ = (
        UniqueConstraint("request_id", "approver_id", name="uq_staff_approvals_once"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    request_id: Mapped[str] = mapped_column(ForeignKey("staff_requests.id"), index=True)
    approver_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    decision: Mapped[str] = mapped_column(String(8))  # APPROVE, REJECT
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime)


class RowChange(Base):
    """Written by database triggers on sensitive tables, for every insert, update and delete.
    ``app_token`` is set only when the application's own transaction made the change."""

    __tablename__ = "row_changes"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    table_name: Mapped[str] = mapped_column(String(60))
    operation: Mapped[str] = mapped_column(String(10))
    row_id: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[str | None] = mapped_column(String(40))
    app_token: Mapped[str | None] = mapped_column(String(200))
    db_user: Mapped[str | None] = mapped_column(String(60))
    txid: Mapped[str | None] = mapped_column(String(30))
    alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
