"""Staff pages: login with password and authenticator code, activation of a new account, and
the staff home (the caller's roles and menu)."""

from __future__ import annotations

import pyotp
import segno
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
from sihat.staff import dashboard, nav, service, sessions
from sihat.staff.api import guarded_login
from sihat.staff.deps import COOKIE, LOGIN, gate
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "staff.login.title": ("Log masuk kakitangan", "Staff login"),
        "field.username": ("Nama pengguna", "Username"),
        "field.totp": ("Kod pengesah (TOTP)", "Authenticator code (TOTP)"),
        "staff.home.title": ("Laman kakitangan", "Staff home"),
        "staff.roles": ("Peranan", "Roles"),
        "staff.scope": ("Skop", "Scope"),
        "staff.menu_hint": (
            "Halaman yang boleh anda gunakan:",
            "The pages you may use:",
        ),
        "staff.activate.title": ("Aktifkan akaun kakitangan", "Activate a staff account"),
        "staff.activate.intro": (
            "Masukkan kod pengaktifan sekali guna yang diberi selepas permohonan anda "
            "diluluskan, dan pilih kata laluan (sekurang-kurangnya 12 aksara).",
            "Enter the one-time activation code you were given when your request was "
            "approved, and choose a password (at least 12 characters).",
        ),
        "staff.activate.code": ("Kod pengaktifan", "Activation code"),
        "staff.activate.link": ("Akaun baharu? Aktifkan di sini", "New account? Activate it here"),
        "staff.activate.done": ("Akaun anda aktif.", "Your account is active."),
        "staff.activate.scan": (
            "Imbas kod QR ini dengan aplikasi pengesah anda (atau masukkan kunci di bawah), "
            "kemudian log masuk dengan kod 6 digit yang dipaparkan aplikasi itu. Kunci ini "
            "tidak akan dipaparkan lagi.",
            "Scan this QR code with your authenticator app (or type the key below), then log "
            "in with the 6-digit code the app shows. This key will not be shown again.",
        ),
        "staff.activate.key": ("Kunci pengesah", "Authenticator key"),
    }
)

HOME = nav.link("/staff", "staff.home.title", nav.anyone, order=0)


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
def home(request: Request, session: Session = DB, staff: StaffAccount = gate(HOME)) -> Response:
    links = [item for item in request.state.staff_nav if item is not HOME]
    return render(
        request,
        "staff/home.html",
        staff=staff,
        roles=service.active_roles(staff),
        links=links,
        panels=dashboard.panels_for(session, staff),
    )


@router.get("/staff/activate", response_class=HTMLResponse)
def activate_form(request: Request, username: str = "") -> HTMLResponse:
    return render(request, "staff/activate.html", username=username)


@router.post("/staff/activate", response_class=HTMLResponse)
@page("staff/activate.html")
def activate_submit(
    request: Request,
    username: str = Form(...),
    code: str = Form(...),
    password: str = Form(...),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
) -> Response:
    """The same activation as ``POST /api/v1/staff/activate``; the secret is shown once."""
    refusal_context(request, username=username)
    lim.hit_or_raise("staff-activate:user", username.strip().lower(), "10/hour")
    staff, secret = service.activate(session, username, code, password)
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.username, issuer_name="sihat")
    qr = segno.make_qr(uri, error="m").svg_inline(scale=4, title="otpauth")
    response = render(
        request, "staff/activated.html", username=staff.username, secret=secret, qr=qr
    )
    response.headers["cache-control"] = "no-store"
    return response
