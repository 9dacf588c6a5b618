"""Staff accounts, roles, login with password and TOTP, and the authority check.

Staff accounts change in two ways only:
- ``bootstrap_founders``: the founding administrators, once, on a database with no staff;
- the ``apply_*`` functions, which the governance domain calls to carry out a request that
  another person approved (maker-checker). Nothing else creates, changes or removes staff.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.crypto import (
    hash_password,
    new_numeric_code,
    new_totp_secret,
    token_digest,
)
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.staff.models import ROLES, SCOPE_TYPES, StaffAccount, StaffRole
from sihat.staff.sessions import revoke_sessions

ACTIVATION_HOURS = 72


@dataclass(frozen=True)
class RoleGrant:
    role: str
    scope_type: str = "NATIONAL"
    scope_code: str | None = None
    expires_at: datetime | None = None
    allowed_networks: list[str] | None = field(default=None)

    def label(self) -> str:
        return f"{self.role}@{self.scope_type}:{self.scope_code or '*'}"


def active_roles(staff: StaffAccount) -> list[StaffRole]:
    now = clock.now()
    return [
        r
        for r in staff.roles
        if r.revoked_at is None and (r.expires_at is None or r.expires_at > now)
    ]


def _from_allowed_network(grant: StaffRole) -> bool:
    if not grant.allowed_networks:
        return True
    ip = context.current().ip
    try:
        addr = ipaddress.ip_address(ip or "")
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(n, strict=False) for n in grant.allowed_networks)


def has_role(
    staff: StaffAccount, role: str, scope_type: str = "NATIONAL", scope_code: str | None = None
) -> bool:
    """True when the staff member holds ``role`` over the scope (national covers every scope),
    the role has not lapsed, and the request comes from a network the role allows."""
    if staff.status != "ACTIVE":
        return False
    for grant in active_roles(staff):
        if grant.role != role and not (grant.role == "SUPER_ADMIN" and role == "ADMIN"):
            continue
        if not _from_allowed_network(grant):
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


def require_any_role(staff: StaffAccount, roles: tuple[str, ...]) -> None:
    if not any(has_role(staff, role) for role in roles):
        raise Problem("forbidden")


def check_grants(grants: list[RoleGrant]) -> None:
    for g in grants:
        if g.role not in ROLES or g.scope_type not in SCOPE_TYPES:
            raise Problem("invalid_role", field="roles")
        if (g.scope_type == "NATIONAL") != (g.scope_code is None):
            raise Problem("invalid_role", field="roles")
        for network in g.allowed_networks or []:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise Problem("invalid_role", field="allowed_networks") from None


def _grant(session: Session, staff: StaffAccount, g: RoleGrant, request_id: str | None) -> None:
    session.add(
        StaffRole(
            staff_id=staff.id,
            role=g.role,
            scope_type=g.scope_type,
            scope_code=g.scope_code,
            granted_at=clock.now(),
            granted_by=None,
            expires_at=g.expires_at,
            request_id=request_id,
            allowed_networks=g.allowed_networks,
        )
    )


def _insert_staff(session: Session, staff: StaffAccount) -> None:
    add_unique(session, staff, "username_taken", "username")


def bootstrap_founders(
    session: Session, founders: list[tuple[str, str, str]]
) -> list[tuple[StaffAccount, str]]:
    """Create the founding administrators, only on a database with no staff at all.

    Maker-checker needs people: one founder can approve nothing, and high-risk changes need two
    approvers besides the maker, so found with three.
    """
    if session.scalar(select(func.count()).select_from(StaffAccount)):
        raise Problem("staff_bootstrap_done")
    made = []
    for username, full_name, password in founders:
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
            bootstrap=True,
        )
        _insert_staff(session, staff)
        _grant(session, staff, RoleGrant("ADMIN"), request_id=None)
        session.flush()
        session.refresh(staff)
        trail.record(
            session,
            "staff:account:bootstrapped",
            actor_type="bootstrap",
            target_type="staff",
            target_id=staff.id,
        )
        made.append((staff, secret))
    return made


def bootstrap_admin(
    session: Session, username: str, full_name: str, password: str
) -> tuple[StaffAccount, str]:
    return bootstrap_founders(session, [(username, full_name, password)])[0]


def apply_create(
    session: Session, *, username: str, full_name: str, grants: list[RoleGrant], request_id: str
) -> tuple[StaffAccount, str]:
    """Carry out an approved request: the account waits for its owner to activate it."""
    check_grants(grants)
    code = new_numeric_code(8)
    staff = StaffAccount(
        username=username.strip().lower(),
        full_name=full_name.strip(),
        password_hash="!",
        totp_secret=new_totp_secret(),
        status="PENDING_ACTIVATION",
        created_at=clock.now(),
        request_id=request_id,
        activation_hash=token_digest(code),
        activation_expires_at=clock.now() + timedelta(hours=ACTIVATION_HOURS),
    )
    _insert_staff(session, staff)
    for g in grants:
        _grant(session, staff, g, request_id)
    session.flush()
    session.refresh(staff)
    trail.record(
        session,
        "staff:account:created",
        actor_type="request",
        actor_id=request_id,
        target_type="staff",
        target_id=staff.id,
        roles=[g.label() for g in grants],
    )
    return staff, code


def activate(session: Session, username: str, code: str, password: str) -> tuple[StaffAccount, str]:
    """The new staff member sets a password and receives an authenticator secret, once."""
    staff = session.scalar(
        select(StaffAccount).where(StaffAccount.username == username.strip().lower())
    )
    if (
        staff is None
        or staff.status != "PENDING_ACTIVATION"
        or staff.activation_hash != token_digest(code.strip())
        or staff.activation_expires_at is None
        or clock.now() > staff.activation_expires_at
    ):
        raise Problem("activation_invalid", field="code")
    if len(password) < 12:
        raise Problem("weak_staff_password", field="password")
    staff.password_hash = hash_password(password)
    staff.totp_secret = new_totp_secret()
    staff.status = "ACTIVE"
    staff.activation_hash = None
    trail.record(
        session,
        "staff:account:activated",
        actor_type="staff",
        actor_id=staff.id,
        target_type="staff",
        target_id=staff.id,
    )
    return staff, staff.totp_secret


def apply_set_roles(
    session: Session, staff: StaffAccount, grants: list[RoleGrant], request_id: str
) -> None:
    """Replace the staff member's roles; live sessions see the change on their next request."""
    check_grants(grants)
    now = clock.now()
    for role in active_roles(staff):
        role.revoked_at = now
    for g in grants:
        _grant(session, staff, g, request_id)
    session.flush()
    session.expire(staff, ["roles"])
    trail.record(
        session,
        "staff:roles:changed",
        actor_type="request",
        actor_id=request_id,
        target_type="staff",
        target_id=staff.id,
        roles=[g.label() for g in grants],
    )


def apply_status(session: Session, staff: StaffAccount, status: str, request_id: str) -> int:
    """Terminate (every live session ends at once) or reactivate."""
    staff.status = status
    ended = revoke_sessions(session, staff) if status != "ACTIVE" else 0
    verb = "terminated" if status == "TERMINATED" else "reactivated"
    trail.record(
        session,
        f"staff:account:{verb}",
        actor_type="request",
        actor_id=request_id,
        target_type="staff",
        target_id=staff.id,
        sessions_ended=ended,
    )
    return ended


def apply_cancel_ppv_user(
    session: Session, staff: StaffAccount, ppv_code: str, request_id: str
) -> int:
    """Remove a staff member from one vaccination centre: their roles there end now."""
    now = clock.now()
    ended = 0
    for role in active_roles(staff):
        if role.scope_type == "PPV" and role.scope_code == ppv_code:
            role.revoked_at = now
            ended += 1
    session.flush()
    session.expire(staff, ["roles"])
    trail.record(
        session,
        "staff:ppv_user:cancelled",
        actor_type="request",
        actor_id=request_id,
        target_type="staff",
        target_id=staff.id,
        ppv_code=ppv_code,
        roles_ended=ended,
    )
    return ended
