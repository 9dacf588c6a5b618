"""Account recovery and phone change (#15 part 5).

- **Recovery**, for someone who lost their phone: they prove the identity number, the date of
  birth and a one-time code sent to the new phone, and choose a new password. Nothing changes
  at once: the account moves after ``recovery_wait_hours``, and the old number is told by SMS
  with a code that cancels the move (the owner can also cancel it from a live session). When
  the wait is over, the job ``account-recovery`` moves the phone, sets the new password and
  revokes every old session. At most one recovery waits per account (a unique index).
- **Phone change**, logged in: the current password and a code sent to the new number; the
  old number is told, other sessions end, and a waiting recovery is cancelled.

Every step writes its audit event (``identity:recovery:*``, ``identity:phone:changed``).
Routes apply the limits against takeover attempts (per identity, per address, per new phone);
refusals become security events through the codes mapped in ``sihat.bootstrap``. Services
flush; they never commit.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.alerts import raise_alert
from sihat.core.crypto import (
    blind_index,
    burn_password_check,
    hash_password,
    token_digest,
    verify_password,
)
from sihat.core.db import Database, try_add
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity import accounts, documents, service
from sihat.identity.models import Account, AccountRecovery, AccountSession
from sihat.notifications import service as notifications
from sihat.notifications.service import queue_sms

CANCEL_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CANCEL_LENGTH = 10  # 32**10 = 2**50 codes; guessing is also limited per address


@dataclass(frozen=True)
class RecoveryClaim:
    """What a person who lost their phone enters."""

    id_type: str
    id_number: str
    date_of_birth: date
    new_phone: str
    new_password: str
    challenge_id: str
    code: str
    issuing_country: str | None = None  # passports only


def identity_key(id_type: str, id_number: str) -> str:
    """The key the per-identity limit counts under (a hash: the limiter never sees a number)."""
    kind = id_type.strip().upper()
    normalised = documents.normalise(kind, id_number)
    return blind_index("id", f"{kind}:{normalised}")


def _new_cancel_code() -> str:
    return "".join(secrets.choice(CANCEL_ALPHABET) for _ in range(CANCEL_LENGTH))


def _normalise_cancel_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def _phone_free(session: Session, phone_hash: str) -> bool:
    return (
        session.scalar(
            select(Account.id).where(Account.phone_hash == phone_hash, Account.status == "ACTIVE")
        )
        is None
    )


def _when(moment: object) -> str:
    """A time in a message, in Malaysia (``2026-12-06 21:15 MYT``)."""
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M MYT")  # type: ignore[arg-type]


def pending_for(session: Session, account: Account) -> AccountRecovery | None:
    return session.scalar(
        select(AccountRecovery).where(
            AccountRecovery.account_id == account.id, AccountRecovery.status == "PENDING"
        )
    )


def start_recovery(session: Session, claim: RecoveryClaim) -> AccountRecovery:
    """Check the claim and start the wait; refused with ``recovery_not_matched`` (the same
    answer for an unknown identity, a wrong date of birth and a closed account)."""
    settings = get_settings()
    new_phone = service.normalise_phone(claim.new_phone)
    if len(claim.new_password) < 10:
        raise Problem("weak_password", field="password")
    accounts.consume_otp(session, claim.challenge_id, claim.code, new_phone, "recovery")
    try:
        checked = documents.check(
            claim.id_type,
            claim.id_number,
            today=clock.today_my(),
            issuing_country=claim.issuing_country,
        )
    except Problem:
        raise Problem("recovery_not_matched") from None
    person = service.find_person(session, checked.id_type, checked.normalised)
    account = service.active_account_of(session, person.id) if person is not None else None
    if person is None or account is None or person.date_of_birth != claim.date_of_birth:
        burn_password_check(claim.new_password)  # the same work as a match
        raise Problem("recovery_not_matched")
    new_hash = blind_index("phone", new_phone)
    if new_hash == account.phone_hash or not _phone_free(session, new_hash):
        raise Problem("phone_in_use", field="phone")
    cancel_code = _new_cancel_code()
    now = clock.now()
    recovery = AccountRecovery(
        account_id=account.id,
        new_phone=new_phone,
        new_phone_hash=new_hash,
        old_phone_hash=account.phone_hash,
        password_hash=hash_password(claim.new_password),
        cancel_hash=token_digest(cancel_code),
        status="PENDING",
        requested_at=now,
        due_at=now + timedelta(hours=settings.recovery_wait_hours),
        ip=context.current().ip,
    )
    if not try_add(session, recovery):  # another recovery of this account is waiting
        raise Problem("recovery_pending")
    trail.record(
        session,
        "identity:recovery:requested",
        actor_type="public",
        target_type="account",
        target_id=account.id,
        recovery_id=recovery.id,
        due_at=recovery.due_at.isoformat(),
    )
    # The security officer sees every recovery while it can still be stopped.
    raise_alert(
        session,
        "account_recovery_requested",
        severity="info",
        subject_type="account",
        subject_id=account.id,
        ip=recovery.ip,
        due_at=recovery.due_at.isoformat(),
    )
    when = _when(recovery.due_at)
    queue_sms(
        session,
        account.phone,
        "recovery_notice",
        mysj_id=account.mysj_id,
        last4=new_phone[-4:],
        when=when,
        code=cancel_code,
    )
    queue_sms(session, new_phone, "recovery_started", when=when)
    return recovery


def _cancel(session: Session, recovery: AccountRecovery, how: str, actor_type: str) -> None:
    recovery.status = "CANCELLED"
    recovery.finished_at = clock.now()
    recovery.end_reason = how
    trail.record(
        session,
        "identity:recovery:cancelled",
        actor_type=actor_type,
        actor_id=recovery.account_id if actor_type == "account" else None,
        target_type="account",
        target_id=recovery.account_id,
        recovery_id=recovery.id,
        how=how,
    )
    queue_sms(session, recovery.new_phone, "recovery_cancelled")


def cancel_by_code(session: Session, code: str) -> None:
    """The old number's cancel code (anonymous: whoever holds the old phone)."""
    recovery = session.scalar(
        select(AccountRecovery).where(
            AccountRecovery.cancel_hash == token_digest(_normalise_cancel_code(code))
        )
    )
    if recovery is None or recovery.status != "PENDING":
        raise Problem("recovery_cancel_code_wrong", field="code")
    _cancel(session, recovery, "old_phone_code", "public")


def cancel_by_owner(session: Session, account: Account) -> None:
    recovery = pending_for(session, account)
    if recovery is None:
        raise Problem("not_found")
    _cancel(session, recovery, "owner_session", "account")


def complete_due(session: Session, limit: int = 500) -> int:
    """Move every account whose wait is over; returns how many recoveries were settled."""
    due = session.scalars(
        select(AccountRecovery)
        .where(AccountRecovery.status == "PENDING", AccountRecovery.due_at <= clock.now())
        .order_by(AccountRecovery.due_at)
        .limit(limit)
    ).all()
    for recovery in due:
        _complete(session, recovery)
    return len(due)


def _complete(session: Session, recovery: AccountRecovery) -> None:
    account = session.get(Account, recovery.account_id)
    now = clock.now()
    recovery.finished_at = now
    if account is None or account.status != "ACTIVE":
        _fail(session, recovery, "account_closed")
        return
    old_phone = account.phone
    if not _move(session, account, recovery.new_phone, recovery.new_phone_hash):
        _fail(session, recovery, "phone_in_use")
        return
    account.password_hash = recovery.password_hash
    revoked = _revoke_sessions(session, account)
    recovery.status = "COMPLETED"
    trail.record(
        session,
        "identity:recovery:completed",
        actor_type="system",
        target_type="account",
        target_id=account.id,
        recovery_id=recovery.id,
        sessions_revoked=revoked,
    )
    queue_sms(session, recovery.new_phone, "recovery_completed", mysj_id=account.mysj_id)
    queue_sms(session, old_phone, "phone_moved", mysj_id=account.mysj_id)


def _move(session: Session, account: Account, phone: str, phone_hash: str) -> bool:
    """Give the account its new number; False when another active account holds it (the
    unique index on active phones decides a race, in a savepoint)."""
    if not _phone_free(session, phone_hash):
        return False
    old_hash = account.phone_hash
    try:
        with session.begin_nested():
            account.phone = phone
            account.phone_hash = phone_hash
            session.flush()
    except IntegrityError:
        session.refresh(account)
        return False
    notifications.move_owner(session, old_hash, phone_hash)
    return True


def _fail(session: Session, recovery: AccountRecovery, reason: str) -> None:
    recovery.status = "FAILED"
    recovery.end_reason = reason
    trail.record(
        session,
        "identity:recovery:failed",
        actor_type="system",
        target_type="account",
        target_id=recovery.account_id,
        recovery_id=recovery.id,
        reason=reason,
    )
    queue_sms(session, recovery.new_phone, "recovery_failed")


def _revoke_sessions(session: Session, account: Account, keep: str | None = None) -> int:
    rows = session.scalars(
        select(AccountSession).where(
            AccountSession.account_id == account.id, AccountSession.revoked_at.is_(None)
        )
    ).all()
    now = clock.now()
    ended = 0
    for row in rows:
        if row.id != keep:
            row.revoked_at = now
            ended += 1
    return ended


def change_phone(
    session: Session,
    account: Account,
    current_session_id: str,
    *,
    challenge_id: str,
    code: str,
    new_phone: str,
    password: str,
) -> Account:
    """Logged in: the current password and the new number's code move the account at once."""
    if not verify_password(account.password_hash, password):
        raise Problem("password_wrong", field="password")
    normalised = service.normalise_phone(new_phone)
    accounts.consume_otp(session, challenge_id, code, normalised, "phone_change")
    new_hash = blind_index("phone", normalised)
    if new_hash == account.phone_hash or not _phone_free(session, new_hash):
        raise Problem("phone_in_use", field="phone")
    waiting = pending_for(session, account)
    if waiting is not None:
        _cancel(session, waiting, "phone_changed", "account")
    old_phone = account.phone
    if not _move(session, account, normalised, new_hash):
        raise Problem("phone_in_use", field="phone")
    revoked = _revoke_sessions(session, account, keep=current_session_id)
    trail.record(
        session,
        "identity:phone:changed",
        actor_type="account",
        actor_id=account.id,
        target_type="account",
        target_id=account.id,
        other_sessions_revoked=revoked,
    )
    queue_sms(session, old_phone, "phone_moved", mysj_id=account.mysj_id)
    queue_sms(session, normalised, "phone_changed", mysj_id=account.mysj_id)
    return account


def complete_due_job(database: Database) -> int:
    """The scheduled job ``account-recovery``: settle every recovery whose wait is over, in
    transactions of at most 500; idempotent."""
    total = 0
    while True:
        with database.unit_of_work() as session:
            done = complete_due(session)
        total += done
        if done < 500:
            return total
