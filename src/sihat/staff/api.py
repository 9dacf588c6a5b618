"""Staff routes: login with password and TOTP, activation of a new account, who am I.

Staff accounts are created and changed only through approved requests
(``/api/v1/governance/staff-requests``)."""

from __future__ import annotations

import pyotp
from fastapi import APIRouter, Depends, Request, status
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter, LoginGuard
from sihat.core.settings import Settings
from sihat.core.web import DB, bearer_or_cookie, limiter, request_ip, settings_of
from sihat.staff import service, sessions
from sihat.staff.deps import COOKIE, current_staff
from sihat.staff.models import StaffAccount
from sihat.staff.schemas import (
    RoleOut,
    StaffActivate,
    StaffActivated,
    StaffLogin,
    StaffOut,
    StaffToken,
)

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])


def staff_out(staff: StaffAccount) -> StaffOut:
    return StaffOut(
        id=staff.id,
        username=staff.username,
        full_name=staff.full_name,
        status=staff.status,
        roles=[
            RoleOut(
                role=r.role,
                scope_type=r.scope_type,
                scope_code=r.scope_code,
                expires_at=r.expires_at,
            )
            for r in service.active_roles(staff)
        ],
    )


def guarded_login(
    session: Session, lim: Limiter, settings: Settings, username: str, password: str, totp: str
) -> tuple[StaffAccount, str]:
    """Per address, every attempt counts; per account, only failures do (at most
    ``login_per_account_per_hour`` an hour, with a short back-off after a burst)."""
    lim.hit_or_raise("staff-login:ip", request_ip(), f"{settings.login_per_ip_per_hour}/hour")
    guard = LoginGuard(lim, "staff-login:fail", settings.login_per_account_per_hour)
    key = username.strip().lower()
    guard.before(key)
    try:
        return sessions.login(session, username, password, totp)
    except Problem:
        guard.failed(key)
        raise


@router.post("/login", response_model=StaffToken)
def login(
    body: StaffLogin,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> StaffToken:
    staff, token = guarded_login(session, lim, settings, body.username, body.password, body.totp)
    return StaffToken(token=token, username=staff.username)


@router.post("/activate", response_model=StaffActivated)
def activate(
    body: StaffActivate, session: Session = DB, lim: Limiter = Depends(limiter)
) -> StaffActivated:
    lim.hit_or_raise("staff-activate:user", body.username.lower(), "10/hour")
    staff, secret = service.activate(session, body.username, body.code, body.password)
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.username, issuer_name="sihat")
    return StaffActivated(username=staff.username, totp_uri=uri)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request, session: Session = DB, _staff: StaffAccount = Depends(current_staff)
) -> None:
    token = bearer_or_cookie(request, COOKIE)
    if token:
        sessions.logout(session, token)


@router.get("/me", response_model=StaffOut)
def me(staff: StaffAccount = Depends(current_staff)) -> StaffOut:
    return staff_out(staff)
