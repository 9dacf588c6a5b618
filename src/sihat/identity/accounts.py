"""Accounts (MySJ ID): one-time codes, sign-up, login and revocable sessions."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.crypto import (
    blind_index,
    burn_password_check,
    constant_time_equal,
    hash_password,
    new_numeric_code,
    token_digest,
    verify_password,
)
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity import claims, proofing, service, tokens
from sihat.identity.models import Account, AccountSession, OtpChallenge
from sihat.notifications.service import queue_sms

MYSJ_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_mysj_id() -> str:
    return "MSJ" + "".join(secrets.choice(MYSJ_ALPHABET) for _ in range(9))


def start_otp(
    session: Session, phone: str, purpose: str = "signup", language: str | None = None
) -> tuple[OtpChallenge, str]:
    """Send a one-time code to a phone through the outbox, in ``language`` if given (the
    page's), else the phone's chosen language. Returns the challenge and code."""
    settings = get_settings()
    normalised = service.normalise_phone(phone)
    code = new_numeric_code(6)
    now = clock.now()
    challenge = OtpChallenge(
        phone_hash=blind_index("phone", normalised),
        purpose=purpose,
        code_hash=token_digest(code),
        created_at=now,
        expires_at=now + timedelta(seconds=settings.otp_ttl_seconds),
    )
    session.add(challenge)
    queue_sms(
        session,
        normalised,
        "otp",
        code=code,
        minutes=settings.otp_ttl_seconds // 60,
        language=language,
    )
    session.flush()
    return challenge, code


def consume_otp(
    session: Session, challenge_id: str, code: str, phone: str, purpose: str = "signup"
) -> OtpChallenge:
    """Check a code; wrong, expired and already-used codes are refused without writing.

    Wrong guesses are counted by the rate limiter (per challenge), not by a write here, so a
    refusal leaves the database untouched.
    """
    challenge = session.get(OtpChallenge, challenge_id)
    if (
        challenge is None
        or challenge.phone_hash != blind_index("phone", phone)
        or challenge.purpose != purpose  # a sign-up code never moves an account, nor back
    ):
        raise Problem("otp_wrong", field="code")
    if challenge.consumed_at is not None or clock.now() > challenge.expires_at:
        raise Problem("otp_expired", field="code")
    if not constant_time_equal(challenge.code_hash, token_digest(code.strip())):
        raise Problem("otp_wrong", field="code")
    challenge.consumed_at = clock.now()
    return challenge


def sign_up(
    session: Session,
    *,
    challenge_id: str,
    code: str,
    phone: str,
    password: str,
    identity: service.IdentityInput,
) -> Account:
    normalised_phone = service.normalise_phone(phone)
    if len(password) < 10:
        raise Problem("weak_password", field="password")
    checked = service.check_identity(identity)
    consume_otp(session, challenge_id, code, normalised_phone)
    phone_hash = blind_index("phone", normalised_phone)
    if session.scalar(
        select(Account.id).where(Account.phone_hash == phone_hash, Account.status == "ACTIVE")
    ):
        raise Problem("phone_in_use", field="phone")
    existing = service.find_person(session, checked.id_type, checked.normalised)
    if existing is not None and service.active_account_of(session, existing.id):
        raise Problem("duplicate_identity", field="id_number")
    # Someone else's record is handed over only with proof (``proofing``).
    unproven = existing is not None and not proofing.has_phone_on_record(
        session, existing, phone_hash
    )
    if existing is not None and unproven:  # (``existing`` for the type checker)
        person = proofing.unproven_person(session, existing, identity, checked)
    else:
        person, _ = service.get_or_create_person(
            session, identity, actor_type="system", actor_id=None
        )
    account = Account(
        mysj_id=new_mysj_id(),
        person_id=person.id,
        phone=normalised_phone,
        phone_hash=phone_hash,
        password_hash=hash_password(password),
        status="ACTIVE",
        created_at=clock.now(),
    )
    # The unique indexes decide a race between two sign-ups for one person or phone.
    add_unique(session, account, "duplicate_identity", "id_number")
    trail.record(
        session,
        "identity:account:created",
        actor_type="account",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        person_id=person.id,
        linked="unproven" if unproven else ("proven" if existing is not None else "new"),
    )
    queue_sms(session, normalised_phone, "account_created", mysj_id=account.mysj_id)
    queue_sms(session, normalised_phone, "welcome")  # inbox only
    if existing is not None and unproven:
        queue_sms(session, normalised_phone, "identity_unproven")
        claims.open_claim(session, account, existing, person)
        proofing.report_claim(account, existing)
        return account
    service.end_guardianship_on_takeover(session, person, account)
    service.verify_against_register(session, person, actor_type="account", actor_id=account.id)
    return account


def login(session: Session, phone: str, password: str) -> tuple[Account, str]:
    """Open a session. Unknown phone and wrong password give the same answer and timing."""
    try:
        normalised = service.normalise_phone(phone)
    except Problem:
        burn_password_check(password)
        raise Problem("login_failed") from None
    account = session.scalar(
        select(Account).where(
            Account.phone_hash == blind_index("phone", normalised), Account.status == "ACTIVE"
        )
    )
    if account is None:
        burn_password_check(password)
        raise Problem("login_failed")
    if not verify_password(account.password_hash, password):
        raise Problem("login_failed")
    minted = tokens.mint(timedelta(hours=get_settings().session_ttl_hours))
    session.add(
        AccountSession(
            account_id=account.id,
            token_hash=minted.digest,
            created_at=minted.created_at,
            expires_at=minted.expires_at,
            ip=context.current().ip,
        )
    )
    trail.record(session, "identity:session:opened", actor_type="account", actor_id=account.id)
    session.flush()
    return account, minted.token


def account_for_token(session: Session, token: str) -> tuple[Account, AccountSession] | None:
    """The account and live session behind a token (the rule is ``tokens.live``)."""
    return tokens.holder(session, AccountSession, Account, AccountSession.account_id, token)


def sessions_of(session: Session, account: Account) -> list[AccountSession]:
    return list(
        session.scalars(
            select(AccountSession)
            .where(
                AccountSession.account_id == account.id,
                tokens.unexpired(AccountSession, clock.now()),
            )
            .order_by(AccountSession.created_at)
        )
    )


def revoke_session(session: Session, account: Account, session_id: str) -> None:
    row = session.get(AccountSession, session_id)
    if row is None or row.account_id != account.id or row.revoked_at is not None:
        raise Problem("not_found")
    row.revoked_at = clock.now()
    trail.record(
        session,
        "identity:session:revoked",
        actor_type="account",
        actor_id=account.id,
        target_type="session",
        target_id=session_id,
    )


def revoke_all_sessions(session: Session, account: Account) -> int:
    rows = sessions_of(session, account)
    for row in rows:
        row.revoked_at = clock.now()
    trail.record(
        session,
        "identity:session:revoked_all",
        actor_type="account",
        actor_id=account.id,
        count=len(rows),
    )
    return len(rows)
