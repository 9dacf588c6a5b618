"""Public pages for account recovery (``/recover``, ``/recover/cancel``) and the phone change
on ``/me``: the same services and limits as ``api_recovery``."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, page, refusal_context, render, request_ip, settings_of
from sihat.identity import accounts, documents, recovery
from sihat.identity.api_recovery import (
    limit_cancel,
    limit_phone_change,
    limit_recovery_claim,
    limit_recovery_code,
)
from sihat.identity.deps import Caller, current_caller, optional_caller

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "recover.title": ("Pulihkan akaun (telefon hilang)", "Recover your account (lost phone)"),
        "recover.link": ("Telefon hilang? Pulihkan akaun", "Lost your phone? Recover your account"),
        "recover.intro": (
            "Masukkan nombor telefon baharu anda. Kami menghantar kod ke telefon itu.",
            "Enter your new phone number. We send a code to that phone.",
        ),
        "recover.new_phone": ("Nombor telefon baharu", "New phone number"),
        "recover.new_password": ("Kata laluan baharu", "New password"),
        "recover.submit": ("Mulakan pemulihan", "Start recovery"),
        "recover.started": (
            "Pemulihan bermula. Akaun anda berpindah ke telefon baharu pada {when} jika "
            "tidak dibatalkan. Notis telah dihantar ke nombor lama.",
            "Recovery started. Your account moves to the new phone at {when} unless it is "
            "cancelled. A notice was sent to the old number.",
        ),
        "recover.cancel_title": ("Batalkan pemulihan akaun", "Cancel an account recovery"),
        "recover.cancel_code": ("Kod pembatalan (SMS)", "Cancel code (SMS)"),
        "recover.cancel_submit": ("Batalkan", "Cancel it"),
        "recover.cancelled": ("Pemulihan akaun dibatalkan.", "The account recovery was cancelled."),
        "phone.title": ("Tukar nombor telefon", "Change phone number"),
        "phone.current_password": ("Kata laluan semasa", "Current password"),
        "phone.submit": ("Tukar nombor", "Change number"),
        "phone.changed": (
            "Nombor telefon telah ditukar. Sesi lain telah ditamatkan.",
            "The phone number was changed. Other sessions were ended.",
        ),
        "me.pending_recovery": (
            "Akaun ini sedang dipulihkan ke telefon baharu (...{last4}) pada {when}. "
            "Jika bukan anda, batalkan sekarang.",
            "This account is being recovered to a new phone (...{last4}) at {when}. "
            "If this was not you, cancel it now.",
        ),
    }
)


def when(moment: object) -> str:
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M MYT")  # type: ignore[arg-type]


@router.get("/recover", response_class=HTMLResponse)
def recover_form(request: Request) -> HTMLResponse:
    return render(request, "identity/recover.html")


@router.post("/recover/code", response_class=HTMLResponse)
@page("identity/recover_phone.html")
def recover_code(
    request: Request,
    phone: str = Form(..., max_length=20),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    limit_recovery_code(lim, settings, phone, request_ip())
    challenge, _code = accounts.start_otp(session, phone, "recovery")
    return render(
        request,
        "identity/recover_claim.html",
        challenge_id=challenge.id,
        phone=phone,
        id_types=documents.ID_TYPES,
    )


@router.post("/recover", response_class=HTMLResponse)
@page("identity/recover_claim.html", id_types=documents.ID_TYPES)
def recover_submit(
    request: Request,
    challenge_id: str = Form(..., max_length=36),
    phone: str = Form(..., max_length=20),
    code: str = Form(..., max_length=8),
    id_type: str = Form(..., max_length=12),
    id_number: str = Form(..., max_length=40),
    date_of_birth: date = Form(...),
    password: str = Form(..., max_length=200),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    refusal_context(
        request,
        challenge_id=challenge_id,
        phone=phone,
        code=code,
        id_type=id_type,
        id_number=id_number,
        date_of_birth=date_of_birth.isoformat(),
    )
    limit_recovery_claim(lim, settings, challenge_id, id_type, id_number, request_ip())
    started = recovery.start_recovery(
        session,
        recovery.RecoveryClaim(
            id_type=id_type,
            id_number=id_number,
            date_of_birth=date_of_birth,
            new_phone=phone,
            new_password=password,
            challenge_id=challenge_id,
            code=code,
        ),
    )
    return render(request, "identity/recover_done.html", when=when(started.due_at))


@router.get("/recover/cancel", response_class=HTMLResponse)
def cancel_form(request: Request) -> HTMLResponse:
    return render(request, "identity/recover_cancel.html", done=False)


@router.post("/recover/cancel", response_class=HTMLResponse)
@page("identity/recover_cancel.html", done=False)
def cancel_submit(
    request: Request,
    code: str = Form(..., max_length=20),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    limit_cancel(lim, settings, request_ip())
    recovery.cancel_by_code(session, code)
    return render(request, "identity/recover_cancel.html", done=True)


@router.post("/me/recovery/cancel")
def cancel_mine(
    request: Request, session: Session = DB, caller: Caller | None = Depends(optional_caller)
) -> Response:
    if caller is None:
        return RedirectResponse("/login", status_code=303)
    recovery.cancel_by_owner(session, caller.account)
    return RedirectResponse("/me", status_code=303)


@router.post("/me/phone/code", response_class=HTMLResponse)
@page("identity/me_phone.html")
def phone_code(
    request: Request,
    phone: str = Form(..., max_length=20),
    caller: Caller = Depends(current_caller),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    limit_phone_change(lim, settings, caller.account.id)
    challenge, _code = accounts.start_otp(session, phone, "phone_change")
    return render(request, "identity/me_phone_code.html", challenge_id=challenge.id, phone=phone)


@router.post("/me/phone", response_class=HTMLResponse)
@page("identity/me_phone_code.html")
def phone_submit(
    request: Request,
    challenge_id: str = Form(..., max_length=36),
    phone: str = Form(..., max_length=20),
    code: str = Form(..., max_length=8),
    password: str = Form(..., max_length=200),
    caller: Caller = Depends(current_caller),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    refusal_context(request, challenge_id=challenge_id, phone=phone, code=code)
    limit_phone_change(lim, settings, caller.account.id)
    lim.hit_or_raise(
        "otp-verify",
        challenge_id,
        f"{settings.otp_max_attempts}/{settings.otp_ttl_seconds} seconds",
    )
    recovery.change_phone(
        session,
        caller.account,
        caller.session_row.id,
        challenge_id=challenge_id,
        code=code,
        new_phone=phone,
        password=password,
    )
    return render(request, "identity/me_phone.html", changed=True)
