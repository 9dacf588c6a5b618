"""Staff routes: login with password and TOTP, who am I, add a staff member (administrators)."""

from __future__ import annotations

import pyotp
from fastapi import APIRouter, Depends, Request, status
from sqlalchemy.orm import Session

from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, request_ip, settings_of
from sihat.identity.deps import bearer_or_cookie
from sihat.staff import service
from sihat.staff.deps import COOKIE, current_staff
from sihat.staff.models import StaffAccount
from sihat.staff.schemas import RoleOut, StaffCreate, StaffCreated, StaffLogin, StaffOut, StaffToken

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


@router.post("/login", response_model=StaffToken)
def login(
    body: StaffLogin,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> StaffToken:
    lim.hit_or_raise("staff-login:ip", request_ip(), f"{settings.login_per_ip_per_hour}/hour")
    lim.hit_or_raise(
        "staff-login:user", body.username.lower(), f"{settings.login_per_account_per_hour}/hour"
    )
    staff, token = service.login(session, body.username, body.password, body.totp)
    return StaffToken(token=token, username=staff.username)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request, session: Session = DB, _staff: StaffAccount = Depends(current_staff)
) -> None:
    token = bearer_or_cookie(request, COOKIE)
    if token:
        service.logout(session, token)


@router.get("/me", response_model=StaffOut)
def me(staff: StaffAccount = Depends(current_staff)) -> StaffOut:
    return staff_out(staff)


@router.post("", response_model=StaffCreated, status_code=status.HTTP_201_CREATED)
def create(
    body: StaffCreate, session: Session = DB, actor: StaffAccount = Depends(current_staff)
) -> StaffCreated:
    staff, secret = service.create_staff(
        session,
        actor,
        username=body.username,
        full_name=body.full_name,
        password=body.password,
        grants=[service.RoleGrant(**r.model_dump()) for r in body.roles],
    )
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.username, issuer_name="sihat")
    return StaffCreated(**staff_out(staff).model_dump(), totp_uri=uri)
