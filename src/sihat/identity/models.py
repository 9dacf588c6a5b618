"""Identity tables: people, accounts (MySJ ID), sessions, OTP challenges, dependents and the
national reference register. Identity numbers and phones are encrypted; lookups use blind
indexes. "One verified person, one account" is enforced by unique indexes, not only by code.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


class Person(Base):
    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("id_type", "id_hash", name="uq_people_identity_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    id_type: Mapped[str] = mapped_column(String(12))
    id_number: Mapped[str] = mapped_column(Encrypted(200))  # normalised
    id_hash: Mapped[str] = mapped_column(String(64))
    issuing_country: Mapped[str | None] = mapped_column(String(3))
    full_name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    nationality: Mapped[str | None] = mapped_column(String(2))
    state: Mapped[str | None] = mapped_column(String(40), index=True)
    district: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification_method: Mapped[str | None] = mapped_column(String(30))
    # A phone a staff member recorded for this person (hotline, registration desk), blind-
    # indexed: the proof that lets that phone's owner take the record over at sign-up.
    phone_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Account(Base):
    """A MySejahtera account. At most one ACTIVE account per person and per phone."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index(
            "uq_accounts_active_person",
            "person_id",
            unique=True,
            sqlite_where=text("status = 'ACTIVE'"),
            postgresql_where=text("status = 'ACTIVE'"),
        ),
        Index(
            "uq_accounts_active_phone",
            "phone_hash",
            unique=True,
            sqlite_where=text("status = 'ACTIVE'"),
            postgresql_where=text("status = 'ACTIVE'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    mysj_id: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    phone: Mapped[str] = mapped_column(Encrypted(200))
    phone_hash: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="ACTIVE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(lazy="joined")


class AccountSession(Base):
    __tablename__ = "account_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str | None] = mapped_column(String(64))


class OtpChallenge(Base):
    """A one-time code sent by SMS. Only its hash is kept."""

    __tablename__ = "otp_challenges"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    consumed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountRecovery(Base):
    """A move of an account to a new phone by someone who lost the old one: identity, date of
    birth and a code to the new phone proven, then a waiting period in which the old number
    (told by SMS) can cancel it. At most one PENDING recovery per account."""

    __tablename__ = "account_recoveries"
    __table_args__ = (
        Index(
            "uq_account_recoveries_pending",
            "account_id",
            unique=True,
            sqlite_where=text("status = 'PENDING'"),
            postgresql_where=text("status = 'PENDING'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    new_phone: Mapped[str] = mapped_column(Encrypted(200))
    new_phone_hash: Mapped[str] = mapped_column(String(64), index=True)
    old_phone_hash: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(200))  # the new password, set on completion
    cancel_hash: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(10), default="PENDING")
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))


class Dependent(Base):
    """A person looked after by an account holder. One current guardian per person."""

    __tablename__ = "dependents"
    __table_args__ = (
        Index(
            "uq_dependents_current_person",
            "person_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    guardian_account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    relationship_: Mapped[str] = mapped_column("relationship", String(20))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(30))

    person: Mapped[Person] = relationship(lazy="joined")


class RegisterEntry(Base):
    """The national reference register (stand-in for the National Registration Department)."""

    __tablename__ = "reference_register"
    __table_args__ = (UniqueConstraint("id_type", "id_hash", name="uq_register_identity_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id_type: Mapped[str] = mapped_column(String(12))
    id_hash: Mapped[str] = mapped_column(String(64))
    name_normalised: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdentityClaim(Base):
    """An account that typed the identity of someone on record without proof (``proofing``),
    until a counter decides: ``OPEN``; ``PROPOSED`` (a desk saw the document and asks to link);
    ``LINKED`` (a supervisor, another person, approved: the account now reaches the record);
    ``REFUSED``. ``open_account_id`` is the account while undecided, else empty: at most one
    undecided claim per account (a unique index; empty values never collide)."""

    __tablename__ = "identity_claims"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    open_account_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    claimed_person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    unproven_person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(10), default="OPEN")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    proposed_by: Mapped[str | None] = mapped_column(String(36))
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(String(500))

    account: Mapped[Account] = relationship()
    claimed: Mapped[Person] = relationship(foreign_keys=[claimed_person_id])
    unproven: Mapped[Person] = relationship(foreign_keys=[unproven_person_id])
