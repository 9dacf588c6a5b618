"""Certificate tables: every certificate issued for a dose record, and the revocation list.

A certificate row is written in the same transaction as the dose it certifies. Rows are never
deleted: an amended or voided dose turns its certificate ``REVOKED`` (``replaced_by`` points
at the replacement, if any) and adds the hash of its ``ci`` to ``certificate_revocations``,
which is what the public revocation list publishes. The signed ``HC1:`` text is kept so the
holder's QR code and PDF can be rendered on demand.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

STATUSES = ("VALID", "REVOKED")
REVOCATION_REASONS = ("AMENDED", "VOIDED", "MANUAL")


def new_id() -> str:
    return str(uuid.uuid4())


class Certificate(Base):
    """One signed certificate for one dose record."""

    __tablename__ = "certificates"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ci: Mapped[str] = mapped_column(String(80), unique=True)
    dose_id: Mapped[str] = mapped_column(ForeignKey("dose_records.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    kid: Mapped[str] = mapped_column(String(16))  # hex of the 8-byte key id
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default="VALID")
    replaced_by: Mapped[str | None] = mapped_column(ForeignKey("certificates.id"))
    code: Mapped[str] = mapped_column(Text)  # "HC1:..."


class Revocation(Base):
    """A revoked certificate, by the SHA-256 of its upper-cased ``ci`` (as published)."""

    __tablename__ = "certificate_revocations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ci_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(20))
