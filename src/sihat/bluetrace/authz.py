"""Upload authorisation. A health officer over a confirmed case's district issues a 6-character
upload code (only its keyed hash is stored; single use; 24 hours); the case's phone exchanges
it for an upload token valid 2 hours. Guesses are limited per address and in total (only
failures count), and every issue, exchange and use is in the audit trail."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.bluetrace.models import TraceDevice, UploadCode, UploadToken
from sihat.bluetrace.settings import TraceSettings, get_settings
from sihat.cases import access as case_access
from sihat.cases.models import Case
from sihat.core import clock, trail
from sihat.core.crypto import blind_index, new_token, token_digest
from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter
from sihat.identity.access import people_of
from sihat.identity.models import Account
from sihat.security import service as security
from sihat.staff.models import StaffAccount

# No 0/O, 1/I/L: read aloud over the phone without mistakes. 31**6 = 887 million codes.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
GUESS_SCOPE = "trace-code-guess"


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once, to the officer
    row: UploadCode


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise(code: str) -> str:
    return "".join(code.split()).upper()[:20]


def code_hash(code: str) -> str:
    return blind_index("trace-upload-code", normalise(code))


def issue_code(
    session: Session,
    staff: StaffAccount,
    case_id: str,
    limiter: Limiter | None = None,
    settings: TraceSettings | None = None,
) -> IssuedCode:
    """A code for a confirmed case in the officer's area (``not_found`` outside it)."""
    settings = settings or get_settings()
    case = case_access.get_case(session, staff, case_id)
    if case.status != "CONFIRMED":
        raise Problem("trace_case_not_confirmed", field="case_id")
    if limiter is not None:
        limit = f"{settings.codes_per_officer_per_hour}/hour"
        limiter.hit_or_raise("trace-code-issue", staff.id, limit)
    return issue_for_case(session, case, staff.id, settings)


def issue_for_case(
    session: Session, case: Case, issued_by: str, settings: TraceSettings | None = None
) -> IssuedCode:
    """The code itself, once the caller's authority is settled (:func:`issue_code`; the phone
    simulator stands in for the officer with ``issued_by="simulator"``)."""
    settings = settings or get_settings()
    now = clock.now()
    code = new_code()
    row = UploadCode(
        code_hash=code_hash(code),
        case_id=case.id,
        state=case.state,
        district=case.district,
        issued_by=issued_by,
        issued_at=now,
        expires_at=now + timedelta(hours=settings.code_hours),
    )
    session.add(row)
    session.flush()
    trail.record(
        session,
        "trace:upload_code:issued",
        actor_type="staff" if issued_by != "simulator" else "system",
        actor_id=issued_by,
        target_type="case",
        target_id=case.id,
        code_id=row.id,
    )
    return IssuedCode(code, row)


def _guess_limits(settings: TraceSettings) -> tuple[str, str]:
    return (
        f"{settings.code_guesses_per_ip_per_hour}/hour",
        f"{settings.code_guesses_per_hour}/hour",
    )


def exchange(
    session: Session,
    device: TraceDevice,
    code: str,
    limiter: Limiter,
    ip: str,
    settings: TraceSettings | None = None,
) -> tuple[str, UploadToken]:
    """An upload token for ``device`` in exchange for a valid, unused, unexpired code."""
    settings = settings or get_settings()
    per_ip, total = _guess_limits(settings)
    if not limiter.check(GUESS_SCOPE, ip, per_ip) or not limiter.check(GUESS_SCOPE, "*", total):
        security.record(session, "RATE_LIMIT", ip, "trace:upload-code")
        raise Problem("too_many_attempts", scope=GUESS_SCOPE)
    row = session.scalar(
        select(UploadCode).where(UploadCode.code_hash == code_hash(code)).with_for_update()
    )
    now = clock.now()
    if row is None:
        limiter.hit(GUESS_SCOPE, ip, per_ip)
        limiter.hit(GUESS_SCOPE, "*", total)
        # The intrusion log counts wrong codes per address like wrong passwords.
        security.record(session, "AUTH_FAILURE", ip, "trace:upload-code")
        raise Problem("trace_code_invalid", field="uploadCode")
    if row.used_at is not None:
        raise Problem("trace_code_used", field="uploadCode")
    if now >= clock.as_utc(row.expires_at):
        raise Problem("trace_code_expired", field="uploadCode")
    case = session.get(Case, row.case_id)
    if case is None or case.status != "CONFIRMED":
        raise Problem("trace_case_not_confirmed", field="uploadCode")
    account = session.get(Account, device.account_id)
    if account is None or case.person_id not in people_of(session, account):
        # Only the case's own phone (or their guardian's) uploads: a code read to the wrong
        # person cannot be used to plant someone else's encounters.
        security.record(session, "AUTH_FAILURE", ip, "trace:upload-code:other-person")
        raise Problem("trace_code_other_person", field="uploadCode")
    row.used_at = now
    token = new_token()
    issued = UploadToken(
        token_hash=token_digest(token),
        code_id=row.id,
        case_id=row.case_id,
        device_id=device.id,
        issued_at=now,
        expires_at=now + timedelta(minutes=settings.token_minutes),
    )
    session.add(issued)
    session.flush()
    trail.record(
        session,
        "trace:upload_code:used",
        actor_type="account",
        actor_id=device.account_id,
        target_type="case",
        target_id=row.case_id,
        code_id=row.id,
        token_id=issued.id,
    )
    return token, issued


def token_for_upload(session: Session, token: str) -> UploadToken:
    """The live, unused upload token (locked); refuses expired, unknown and used ones."""
    row = session.scalar(
        select(UploadToken)
        .where(UploadToken.token_hash == token_digest(token or ""))
        .with_for_update()
    )
    if row is None or clock.now() >= clock.as_utc(row.expires_at):
        raise Problem("trace_token_invalid", field="token")
    if row.used_at is not None:
        security.record(session, "REPLAYED_TOKEN", None, "trace:upload-token")
        raise Problem("trace_token_used", field="token")
    return row


def codes_of_case(session: Session, case: Case) -> int:
    return int(
        session.scalar(select(func.count(UploadCode.id)).where(UploadCode.case_id == case.id)) or 0
    )
