"""Staff accounts, roles, login with password and TOTP, and the authority check.

The only way to create a staff account outside the application is the one-time bootstrap
of the first administrator on an empty database, recorded as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import audit, clock, context
from sihat.core.errors import Problem, register
from sihat.core.security import (
    burn_password_check,
    hash_password,
    new_token,
    new_totp_secret,
    token_digest,
    verify_password,
    verify_totp,
)
from sihat.core.settings import get_settings
from sihat.staff.models import ROLES, SCOPE_TYPES, StaffAccount, StaffRole, StaffSession

register(
    {
        "staff_bootstrap_done": (
            409,
            "The first administrator already exists; staff are added in the application.",
            "Pentadbir pertama sudah wujud; kakitangan ditambah melalui aplikasi.",
        ),
        "staff_login_failed": (
            401,
            "The username, password or authenticator code is not correct.",
            "Nama pengguna, kata laluan atau kod pengesah tidak betul.",
        ),
        "username_taken": (409, "This username is taken.", "Nama pengguna ini sudah digunakan."),
        "invalid_role": (422, "Unknown role or scope.", "Peranan atau skop tidak dikenali."),
        "weak_staff_password": (
            422,
            "Staff passwords must have at least 12 characters.",
            "Kata laluan kakitangan mesti sekurang-kurangnya 12 aksara.",
        ),
    }
)


@dataclass(frozen=True)
class RoleGrant:
    role: str
    scope_type: str = "NATIONAL"
    scope_code: str | None = None
    expires_at: datetime | None = None


def active_roles(staff: StaffAccount) -> list[StaffRole]:
    now = clock.now()
    return [
        r
        for r in staff.roles
        if r.revoked_at is None and (r.expires_at is None or r.expires_at > now)
    ]


def has_role(
    staff: StaffAccount, role: str, scope_type: str = "NATIONAL", scope_code: str | None = None
) -> bool:
    """True when the staff member holds ``role`` over the scope (national covers every scope)."""
    if staff.status != "ACTIVE":
        return False
    for grant in active_roles(staff):
        if grant.role != role:
            continue
        if grant.scope_type == "NATIONAL":
            return True
        if grant.scope_type == scope_type and grant.scope_code == scope_code:
            return True
    return False


def require_role(
    staff: StaffAccount, role: str, scope_type: str = "NATIONAL", scope_code: str | None = None
) -> None:
    if not has_role(staff, role, scope_type, scope_code):
        raise Problem("forbidden")


def _check_grants(grants: list[RoleGrant]) -> None:
    for g in grants:
        if g.role not in ROLES or g.scope_type not in SCOPE_TYPES:
            raise Problem("invalid_role", field="roles")
        if (g.scope_type == "NATIONAL") != (g.scope_code is None):
            raise Problem("invalid_role", field="roles")


def _new_staff(
    session: Session, username: str, full_name: str, password: str, created_by: str | None
) -> tuple[StaffAccount, str]:
    if len(password) < 12:
        raise Problem("weak_staff_password", field="password")
    secret = new_totp_secret()
    staff = StaffAccount(
        username=username.strip().lower(),
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        totp_secret=secret,
        status="ACTIVE",
        created_at=clock.now(),
        created_by=created_by,
        bootstrap=created_by is None,
    )
    try:
        with session.begin_nested():
            session.add(staff)
            session.flush()
    except IntegrityError:
        raise Problem("username_taken", field="username") from None
    return staff, secret


def _grant(session: Session, staff: StaffAccount, grant: RoleGrant, by: str | None) -> None:
    session.add(
        StaffRole(
            staff_id=staff.id,
            role=grant.role,
            scope_type=grant.scope_type,
            scope_code=grant.scope_code,
            granted_at=clock.now(),
            granted_by=by,
            expires_at=grant.expires_at,
        )
    )


def bootstrap_admin(
    session: Session, username: str, full_name: str, password: str
) -> tuple[StaffAccount, str]:
    """Create the first administrator, only on a database with no staff at all."""
    if session.scalar(select(func.count()).select_from(StaffAccount)):
        raise Problem("staff_bootstrap_done")
    staff, secret = _new_staff(session, username, full_name, password, created_by=None)
    _grant(session, staff, RoleGrant("ADMIN"), by=None)
    session.flush()
    session.refresh(staff)
    audit.record(
        session,
        "staff:account:bootstrapped",
        actor_type="bootstrap",
        target_type="staff",
        target_id=staff.id,
    )
    return staff, secret


def create_staff(
    session: Session,
    actor: StaffAccount,
    *,
    username: str,
    full_name: str,
    password: str,
    grants: list[RoleGrant],
) -> tuple[StaffAccount, str]:
    """An administrator with authority over every requested scope adds a staff member."""
    _check_grants(grants)
    for g in grants:
        require_role(actor, "ADMIN", g.scope_type, g.scope_code)
    staff, secret = _new_staff(session, username, full_name, password, created_by=actor.id)
    for g in grants:
        _grant(session, staff, g, by=actor.id)
    session.flush()
    session.refresh(staff)
    audit.record(
        session,
        "staff:account:created",
        actor_type="staff",
        actor_id=actor.id,
        target_type="staff",
        target_id=staff.id,
        roles=[f"{g.role}@{g.scope_type}:{g.scope_code or '*'}" for g in grants],
    )
    return staff, secret


def login(
    session: Session, username: str, password: str, totp_code: str
) -> tuple[StaffAccount, str]:
    staff = session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )
    if staff is None:
        burn_password_check(password)
        raise Problem("staff_login_failed")
    ok = verify_password(staff.password_hash, password) and verify_totp(
        staff.totp_secret, totp_code.strip(), at=clock.now().timestamp()
    )
    if not ok or staff.status != "ACTIVE":
        raise Problem("staff_login_failed")
    token = new_token()
    now = clock.now()
    session.add(
        StaffSession(
            staff_id=staff.id,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + timedelta(hours=get_settings().staff_session_ttl_hours),
            ip=context.current().ip,
        )
    )
    audit.record(session, "staff:session:opened", actor_type="staff", actor_id=staff.id)
    session.flush()
    return staff, token


def staff_for_token(session: Session, token: str) -> StaffAccount | None:
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == token_digest(token)))
    if row is None or row.revoked_at is not None or clock.now() >= row.expires_at:
        return None
    staff = session.get(StaffAccount, row.staff_id)
    if staff is None or staff.status != "ACTIVE":
        return None
    return staff


def logout(session: Session, token: str) -> None:
    row = session.scalar(select(StaffSession).where(StaffSession.token_hash == token_digest(token)))
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()
        audit.record(session, "staff:session:closed", actor_type="staff", actor_id=row.staff_id)
