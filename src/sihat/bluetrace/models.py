"""MySJ Trace tables: devices (a random UID per phone, never derived from identity), upload
codes and tokens (only their digests), uploads (the raw upload sealed with the data key for
``archive_days``, and how its records were classified) and the close contacts found."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime

CONTACT_STATUSES = ("PENDING", "CONFIRMED", "DISMISSED")
CLASSES = ("valid", "no_msg", "expired_id", "failed_decryption", "foreign_org")


def _id() -> str:
    return str(uuid.uuid4())


class TraceDevice(Base):
    """A phone that enabled MySJ Trace. ``uid`` is 21 random bytes as base64 (28 chars)."""

    __tablename__ = "trace_devices"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    uid: Mapped[str] = mapped_column(String(28), unique=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    pin: Mapped[str] = mapped_column(String(6))  # the handshake PIN, shown on the phone
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_fetch_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)


class UploadCode(Base):
    """A 6-character code an officer reads to a confirmed case: single use, short-lived."""

    __tablename__ = "trace_upload_codes"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    issued_by: Mapped[str] = mapped_column(String(36))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class UploadToken(Base):
    """What a code is exchanged for: lets one device upload once, for two hours."""

    __tablename__ = "trace_upload_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_id: Mapped[str] = mapped_column(ForeignKey("trace_upload_codes.id"), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("trace_devices.id"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TraceUpload(Base):
    """One upload of a case's encounters: the raw body sealed until ``archive_until`` (then
    purged), and how many records fell in each class."""

    __tablename__ = "trace_uploads"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    token_id: Mapped[str] = mapped_column(ForeignKey("trace_upload_tokens.id"), unique=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    digest: Mapped[str] = mapped_column(String(64), index=True)
    archive: Mapped[str | None] = mapped_column(Encrypted(), nullable=True)
    archive_until: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    records: Mapped[int] = mapped_column(Integer, default=0)
    valid: Mapped[int] = mapped_column(Integer, default=0)
    no_msg: Mapped[int] = mapped_column(Integer, default=0)
    expired_id: Mapped[int] = mapped_column(Integer, default=0)
    failed_decryption: Mapped[int] = mapped_column(Integer, default=0)
    foreign_org: Mapped[int] = mapped_column(Integer, default=0)
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    policy_version: Mapped[str] = mapped_column(String(30))
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TraceContact(Base):
    """A person a case's upload put within the policy's distance for long enough. One row per
    (case, person): a second upload or reprocessing only raises ``minutes``."""

    __tablename__ = "trace_contacts"
    __table_args__ = (
        UniqueConstraint("case_id", "person_id", name="uq_trace_contacts_case_person"),
        Index("ix_trace_contacts_place", "state", "district"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    exposed_on: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(10))  # PENDING, CONFIRMED, DISMISSED
    found_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(36))  # staff id; None: automatic
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
