"""Staff pages: login with password and authenticator code, and the staff home."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import (
    DB,
    delete_cookie,
    limiter,
    local_path,
    page,
    refusal_context,
    render,
    set_cookie,
    settings_of,
)
from sihat.staff import service, sessions
from sihat.staff.api import guarded_login
from sihat.staff.deps import COOKIE, LOGIN, StaffPage
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "staff.login.title": ("Log masuk kakitangan", "Staff login"),
        "field.username": ("Nama pengguna", "Username"),
        "field.totp": ("Kod pengesah (TOTP)", "Authenticator code (TOTP)"),
        "staff.home.title": ("Laman kakitangan", "Staff home"),
        "staff.roles": ("Peranan", "Roles"),
    }
)


@router.get(LOGIN, response_class=HTMLResponse)
def login_form(request: Request, next: str = "") -> HTMLResponse:
    """``next``: the page to return to after the login, only when it is a path on this site."""
    return render(request, "staff/login.html", next=local_path(next))


@router.post(LOGIN, response_class=HTMLResponse)
@page("staff/login.html")
def login_submit(
    request: Request,
    username: str = Form(...),
    password: str = Form(...),
    totp: str = Form(...),
    next: str = Form(""),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> Response:
    back = local_path(next)
    refusal_context(request, next=back)
    _staff, token = guarded_login(session, lim, settings, username, password, totp)
    response = RedirectResponse(back or "/staff", status_code=303)
    set_cookie(request, response, COOKIE, token, samesite="strict", max_age=12 * 3600)
    return response


@router.post("/staff/logout")
def logout(request: Request, session: Session = DB) -> Response:
    token = request.cookies.get(COOKIE)
    if token:
        sessions.logout(session, token)
    response = RedirectResponse(LOGIN, status_code=303)
    delete_cookie(request, response, COOKIE)
    return response


@router.get("/staff", response_class=HTMLResponse)
def home(request: Request, staff: StaffAccount = StaffPage) -> Response:
    return render(request, "staff/home.html", staff=staff, roles=service.active_roles(staff))
