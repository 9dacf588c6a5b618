"""Public pages: sign up (phone, one-time code, identity), log in, my account."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.errors import Problem
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
    request_ip,
    set_cookie,
    settings_of,
)
from sihat.identity import (
    accounts,
    documents,
    lockout,
    pages_recovery,
    proofing,
    recovery,
    service,
)
from sihat.identity.api import limit_phone_and_ip
from sihat.identity.deps import COOKIE, Caller, optional_caller, page_caller
from sihat.notifications import service as notifications

router = APIRouter(include_in_schema=False)
RELATIONSHIPS = ("CHILD", "PARENT", "SPOUSE", "GRANDPARENT", "OTHER")

i18n.register(
    {
        "login.title": ("Log masuk MySejahtera", "MySejahtera login"),
        "login.no_account": ("Belum ada akaun?", "No account yet?"),
        "field.phone": ("Nombor telefon", "Phone number"),
        "field.password": ("Kata laluan", "Password"),
        "field.code": ("Kod sekali guna (SMS)", "One-time code (SMS)"),
        "field.id_type": ("Jenis dokumen", "Document type"),
        "field.id_number": ("Nombor dokumen", "Document number"),
        "field.full_name": ("Nama penuh", "Full name"),
        "field.dob": ("Tarikh lahir", "Date of birth"),
        "field.sex": ("Jantina", "Sex"),
        "sex.M": ("Lelaki", "Male"),
        "sex.F": ("Perempuan", "Female"),
        "signup.title": ("Cipta akaun MySejahtera", "Create a MySejahtera account"),
        "signup.send_code": ("Hantar kod", "Send code"),
        "signup.code_sent": ("Kod telah dihantar melalui SMS.", "A code has been sent by SMS."),
        "signup.demo_code": (
            "Demo: tiada SMS dihantar. Kod anda {code}.",
            "Demo: no SMS was sent. Your code is {code}.",
        ),
        "signup.done": (
            "Akaun anda telah dicipta. Sila log masuk.",
            "Your account was created. Please log in.",
        ),
        "signup.unlinked": proofing.NEXT_STEP,
        "me.title": ("Akaun saya", "My account"),
        "me.verified": ("Identiti disahkan", "Identity verified"),
        "me.not_verified": ("Identiti belum disahkan", "Identity not yet verified"),
        "me.dependents": ("Tanggungan", "Dependents"),
        "me.none": ("Tiada", "None"),
        "me.document": ("Dokumen", "Document"),
        "me.manage_dependents": ("Urus tanggungan", "Manage dependents"),
        "dep.title": ("Tanggungan saya", "My dependents"),
        "dep.intro": (
            "Anak, ibu bapa atau orang lain yang anda uruskan: anda boleh mendaftar masuk, "
            "melihat sijil dan temu janji mereka.",
            "Children, parents or others you look after: you can check them in and see their "
            "certificates and appointments.",
        ),
        "dep.none": ("Belum ada tanggungan.", "No dependents yet."),
        "dep.add": ("Tambah tanggungan", "Add a dependent"),
        "dep.remove": ("Buang", "Remove"),
        "dep.relationship": ("Hubungan", "Relationship"),
        "dep.done.added": ("Tanggungan ditambah.", "Dependent added."),
        "dep.done.removed": ("Tanggungan dibuang.", "Dependent removed."),
        "dep.register": ("Daftar vaksinasi", "Register for vaccination"),
        "dep.check_in": (
            "Daftar masuk bersama tanggungan",
            "Check in with your dependents",
        ),
    }
)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, done: int = 0, next: str = "") -> HTMLResponse:
    """``next``: the page to return to after the login, only when it is a path on this site."""
    return render(
        request,
        "identity/login.html",
        done=bool(done),
        unlinked=done == 2,  # signed up; the number's record waits for a counter (proofing)
        next=local_path(next),
    )


@router.post("/login", response_class=HTMLResponse)
@page("identity/login.html", done=False)
def login_submit(
    request: Request,
    phone: str = Form(...),
    password: str = Form(...),
    next: str = Form(""),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> Response:
    back = local_path(next)
    refusal_context(request, next=back)
    _account, token = lockout.guarded_login(session, lim, settings, phone, password, request_ip())
    response = RedirectResponse(back or "/", status_code=303)
    set_cookie(request, response, COOKIE, token, samesite="lax", max_age=30 * 86400)
    return response


@router.post("/logout")
def logout(
    request: Request, session: Session = DB, caller: Caller | None = Depends(optional_caller)
) -> Response:
    if caller is not None:
        accounts.revoke_session(session, caller.account, caller.session_row.id)
    response = RedirectResponse("/", status_code=303)
    delete_cookie(request, response, COOKIE)
    return response


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> HTMLResponse:
    return render(request, "identity/signup.html", id_types=documents.ID_TYPES)


@router.post("/signup/code", response_class=HTMLResponse)
@page("identity/signup_code.html")
def signup_code(
    request: Request,
    phone: str = Form(...),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    limit_phone_and_ip(
        lim,
        "otp",
        phone,
        request_ip(),
        settings.otp_per_phone_per_hour,
        settings.otp_per_ip_per_hour,
    )
    challenge, code = accounts.start_otp(session, phone, "signup", i18n.lang_of(request))
    return render(
        request,
        "identity/signup_step2.html",
        challenge_id=challenge.id,
        phone=phone,
        id_types=documents.ID_TYPES,
        demo_code=code if notifications.shows_on_screen() else None,
    )


@router.post("/signup", response_class=HTMLResponse)
@page("identity/signup_step2.html", id_types=documents.ID_TYPES)
def signup_submit(
    request: Request,
    challenge_id: str = Form(...),
    phone: str = Form(...),
    code: str = Form(...),
    password: str = Form(...),
    id_type: str = Form(...),
    id_number: str = Form(...),
    full_name: str = Form(...),
    date_of_birth: date | None = Form(None),
    sex: str | None = Form(None),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> Response:
    identity = service.IdentityInput(
        id_type=id_type,
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
        sex=sex or None,
    )
    refusal_context(request, challenge_id=challenge_id, phone=phone)
    lim.hit_or_raise(
        "otp-verify",
        challenge_id,
        f"{settings.otp_max_attempts}/{settings.otp_ttl_seconds} seconds",
    )
    account = accounts.sign_up(
        session,
        challenge_id=challenge_id,
        code=code,
        phone=phone,
        password=password,
        identity=identity,
    )
    response = HTMLResponse("", status_code=200)
    unlinked = proofing.is_unproven(account.person)
    response.headers["HX-Redirect"] = "/login?done=2" if unlinked else "/login?done=1"
    return response


@router.get("/me", response_class=HTMLResponse)
def my_account(
    request: Request, session: Session = DB, caller: Caller = Depends(page_caller)
) -> Response:
    person = caller.account.person
    return render(
        request,
        "identity/me.html",
        account=caller.account,
        person=person,
        masked=documents.mask(person.id_number),
        unlinked=proofing.is_unproven(person),
        dependents=service.dependents_of(session, caller.account),
        pending=recovery.pending_for(session, caller.account),
        when=pages_recovery.when,
    )


def _dependents_context(session: Session, caller: Caller) -> dict[str, Any]:
    return {
        "dependents": [
            (d, documents.mask(d.person.id_number))
            for d in service.dependents_of(session, caller.account)
        ],
        "id_types": documents.ID_TYPES,
        "relationships": RELATIONSHIPS,
    }


@router.get("/dependents", response_class=HTMLResponse)
def my_dependents(
    request: Request,
    done: str = "",
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    shown = done if done in ("added", "removed") else ""
    return render(
        request, "identity/dependents.html", done=shown, **_dependents_context(session, caller)
    )


@router.post("/dependents", response_class=HTMLResponse)
@page(
    "identity/dependents.html",
    done="",
    dependents=[],
    relationships=RELATIONSHIPS,
    id_types=documents.ID_TYPES,
)
def add_dependent(
    request: Request,
    relationship: str = Form(...),
    id_type: str = Form(...),
    id_number: str = Form(...),
    full_name: str = Form(...),
    date_of_birth: date | None = Form(None),
    sex: str | None = Form(None),
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    refusal_context(request, lambda: _dependents_context(session, caller))
    if relationship not in RELATIONSHIPS:
        raise Problem("invalid_input", field="relationship")
    identity = service.IdentityInput(
        id_type=id_type,
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
        sex=sex or None,
    )
    service.add_dependent(session, caller.account, identity, relationship)
    return RedirectResponse("/dependents?done=added", status_code=303)


@router.post("/dependents/{person_id}/remove", response_class=HTMLResponse)
@page(
    "identity/dependents.html",
    done="",
    dependents=[],
    relationships=RELATIONSHIPS,
    id_types=documents.ID_TYPES,
)
def remove_dependent(
    request: Request,
    person_id: str,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    refusal_context(request, lambda: _dependents_context(session, caller))
    service.remove_dependent(session, caller.account, person_id)
    return RedirectResponse("/dependents?done=removed", status_code=303)
