"""Staff sessions: login with password and TOTP (alerting on unusual addresses), the staff
member behind a token, logout, and ending every session of an account at once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.alerts import raise_alert
from sihat.core.crypto import (
    burn_password_check,
    token_digest,
    totp_step,
    verify_password,
)
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity import tokens
from sihat.staff.models import StaffAccount, StaffSession, StaffTotpStep


def revoke_sessions(session: Session, staff: StaffAccount) -> int:
    rows = session.scalars(
        select(StaffSession).where(
            StaffSession.staff_id == staff.id, StaffSession.revoked_at.is_(None)
        )
    ).all()
    for row in rows:
        row.revoked_at = clock.now()
    return len(rows)


def login(
    session: Session, username: str, password: str, totp_code: str
) -> tuple[StaffAccount, str]:
    staff = session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )
    if staff is None:
        burn_password_check(password)
        raise Problem("staff_login_failed")
    step = None
    if verify_password(staff.password_hash, password):
        step = totp_step(staff.totp_secret, totp_code.strip(), at=clock.now().timestamp())
    if step is None or staff.status != "ACTIVE" or not _claim_step(session, staff, step):
        raise Problem("staff_login_failed")
    ip = context.current().ip
    _alert_on_unusual_address(session, staff, ip)
    minted = tokens.mint(timedelta(hours=get_settings().staff_session_ttl_hours))
    session.add(
        StaffSession(
            staff_id=staff.id,
            token_hash=minted.digest,
            created_at=minted.created_at,
            expires_at=minted.expires_at,
            ip=ip,
        )
    )
    trail.record(session, "staff:session:opened", actor_type="staff", actor_id=staff.id)
    session.flush()
    return staff, minted.token


def _claim_step(session: Session, staff: StaffAccount, step: int) -> bool:
    """Accept the authenticator's time step once: only a step after the last accepted one
    passes, so a code (seen over a shoulder, replayed from a log) never logs in twice, even
    one step later while it is still inside the window. The conditional UPDATE (and the
    primary key for the first login) decides two logins racing with one code."""
    now = clock.now()
    claimed = session.execute(
        update(StaffTotpStep)
        .where(StaffTotpStep.staff_id == staff.id, StaffTotpStep.last_step < step)
        .values(last_step=step, accepted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return True
    if session.get(StaffTotpStep, staff.id) is not None:
        return False  # this step or a later one was already accepted
    return try_add(session, StaffTotpStep(staff_id=staff.id, last_step=step, accepted_at=now))


def _alert_on_unusual_address(session: Session, staff: StaffAccount, ip: str | None) -> None:
    """A login from an address never seen for this account, or while a live session is open
    from another address, raises an alert."""
    live = tokens.unexpired(StaffSession, clock.now()).label("live")
    earlier = session.execute(
        select(StaffSession.ip, live).where(StaffSession.staff_id == staff.id)
    ).all()
    if earlier and ip not in {row.ip for row in earlier}:
        raise_alert(session, "staff_login_new_ip", subject_type="staff", subject_id=staff.id, ip=ip)
    live_elsewhere = {row.ip for row in earlier if row.live} - {ip}
    if live_elsewhere:
        raise_alert(
            session,
            "staff_active_from_two_ips",
            severity="critical",
            subject_type="staff",
            subject_id=staff.id,
            ip=ip,
            other_ips=sorted(i for i in live_elsewhere if i),
        )


def staff_for_token(session: Session, token: str) -> StaffAccount | None:
    """The staff member behind a live session (the rule is ``identity.tokens.live``)."""
    found = tokens.holder(session, StaffSession, StaffAccount, StaffSession.staff_id, token)
    return found[0] if found is not None else None


def logout(session: Session, token: str) -> None:
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == token_digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()
        trail.record(session, "staff:session:closed", actor_type="staff", actor_id=row.staff_id)
