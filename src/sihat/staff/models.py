"""Staff accounts (separate from public accounts), their scoped roles and sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime

ROLES = (
    "SUPER_ADMIN",
    "ADMIN",
    "HOTLINE_OPERATOR",
    "VACCINATOR",
    "REGISTRATION_DESK",
    "SUPERVISOR",
    "HEALTH_OFFICER",
    "AUDITOR",
    "SECURITY_OFFICER",
    "FINANCE_OFFICER",
    "PAYMENT_APPROVER",
)
SCOPE_TYPES = ("NATIONAL", "STATE", "DISTRICT", "PPV")
# Statuses: PENDING_ACTIVATION (created by an approved request, waiting for its owner to set a
# password and enrol an authenticator), ACTIVE, TERMINATED.
HIGH_RISK_ROLES = frozenset({"SUPER_ADMIN", "ADMIN", "SECURITY_OFFICER"})


def _id() -> str:
    return str(uuid.uuid4())


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    totp_secret: Mapped[str] = mapped_column(Encrypted(300))
    status: Mapped[str] = mapped_column(String(20), default="ACTIVE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str | None] = mapped_column(String(36))
    bootstrap: Mapped[bool] = mapped_column(Boolean, default=False)
    request_id: Mapped[str | None] = mapped_column(String(36))
    activation_hash: Mapped[str | None] = mapped_column(String(64))
    activation_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    roles: Mapped[list[StaffRole]] = relationship(
        lazy="selectin", order_by="StaffRole.granted_at", viewonly=True
    )


class StaffRole(Base):
    __tablename__ = "staff_roles"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    scope_type: Mapped[str] = mapped_column(String(10))
    scope_code: Mapped[str | None] = mapped_column(String(60))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by: Mapped[str | None] = mapped_column(String(36))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    request_id: Mapped[str | None] = mapped_column(String(36))
    # CIDR ranges the role may be used from; empty means anywhere.
    allowed_networks: Mapped[list[str] | None] = mapped_column(JSON)


class StaffSession(Base):
    __tablename__ = "staff_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(64))


class StaffTotpStep(Base):
    """The last authenticator time step accepted for a staff account: a code whose step is not
    after it is refused, so each code logs in once (kept apart from ``staff_accounts`` so that
    a login is not a change to a watched table)."""

    __tablename__ = "staff_totp_steps"

    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), primary_key=True)
    last_step: Mapped[int] = mapped_column(BigInteger)
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
