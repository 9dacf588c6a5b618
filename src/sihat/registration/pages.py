"""Vaccination registration pages: the public web form (channel WEB), and for a logged-in
citizen the app's form (channel MYSJ) for themselves and each dependent."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, geo, i18n
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, page, refusal_context, render, request_ip, settings_of
from sihat.identity import access, documents
from sihat.identity.deps import Caller, optional_caller, page_caller
from sihat.identity.models import Account
from sihat.identity.service import IdentityInput
from sihat.registration import service

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "reg.title": ("Pendaftaran vaksinasi", "Vaccination registration"),
        "reg.state": ("Negeri", "State"),
        "reg.comorbidity": ("Saya mempunyai penyakit kronik", "I have a chronic illness"),
        "reg.oku": ("Saya orang kurang upaya (OKU)", "I have a disability (OKU)"),
        "reg.pregnant": ("Saya hamil", "I am pregnant"),
        "reg.frontline": ("Saya petugas barisan hadapan", "I am a frontline worker"),
        # The same answer whether the registration is new or not (#17 item 3).
        "reg.received": (
            "Permohonan pendaftaran anda diterima. Pengesahan telah dihantar ke telefon berdaftar.",
            "Your registration request was received. A confirmation was sent to the registered "
            "phone.",
        ),
        "reg.phase": ("Fasa keutamaan", "Priority phase"),
        "reg.mine": (
            "Daftar vaksinasi untuk diri dan tanggungan",
            "Register yourself and your dependents",
        ),
        "reg.registered": ("Berdaftar", "Registered"),
        "reg.not_registered": ("Belum berdaftar", "Not registered"),
        "reg.register_person": ("Daftar", "Register"),
        "reg.facts": ("Maklumat kelayakan", "Eligibility"),
        "reg.done": (
            "Pendaftaran diterima. Temu janji akan ditawarkan di halaman temu janji.",
            "Registration received. An appointment will be offered on the appointments page.",
        ),
    }
)


def _people(session: Session, account: Account) -> list[tuple[str, str, str, object]]:
    """(person id, name, relationship, registration or None) for the account's people."""
    return [
        (pid, person.full_name, relationship, service.registration_of(session, pid))
        for pid, (person, relationship) in access.people_of(session, account).items()
    ]


@router.get("/register", response_class=HTMLResponse)
def form(
    request: Request,
    done: int = 0,
    session: Session = DB,
    caller: Caller | None = Depends(optional_caller),
) -> HTMLResponse:
    if caller is not None:
        return render(
            request,
            "registration/mine.html",
            people=_people(session, caller.account),
            states=geo.state_names(),
            done=bool(done),
            my_date=clock.malaysia_date,
        )
    return render(
        request, "registration/form.html", id_types=documents.ID_TYPES, states=geo.state_names()
    )


@router.post("/register/people/{person_id}", response_class=HTMLResponse)
@page(
    "registration/mine.html",
    people=[],
    states=geo.state_names(),
    done=False,
    my_date=clock.malaysia_date,
)
def register_person(
    request: Request,
    person_id: str,
    state: str | None = Form(None),
    comorbidity: bool = Form(False),
    oku: bool = Form(False),
    pregnant: bool = Form(False),
    frontline: bool = Form(False),
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    """The app's registration (MYSJ): the caller, or one of their current dependents."""
    account = caller.account
    refusal_context(request, lambda: {"people": _people(session, account)})
    facts = service.Facts(comorbidity, oku, pregnant, frontline, state or None)
    if person_id == account.person_id:
        service.register_self(session, account, facts)
    else:
        service.register_dependent(session, account, person_id, facts)
    return RedirectResponse("/register?done=1", status_code=303)


@router.post("/register", response_class=HTMLResponse)
@page("registration/result.html")
def submit(
    request: Request,
    id_type: str = Form(...),
    id_number: str = Form(...),
    full_name: str = Form(...),
    phone: str = Form(...),
    date_of_birth: date | None = Form(None),
    sex: str | None = Form(None),
    state: str | None = Form(None),
    comorbidity: bool = Form(False),
    oku: bool = Form(False),
    pregnant: bool = Form(False),
    frontline: bool = Form(False),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> HTMLResponse:
    data = IdentityInput(
        id_type=id_type,
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
        sex=sex or None,
        state=state or None,
    )
    facts = service.Facts(comorbidity, oku, pregnant, frontline, state or None)
    lim.hit_or_raise(
        "registration-web:ip", request_ip(), f"{settings.registration_web_per_ip_per_hour}/hour"
    )
    service.register_web(session, data, phone, facts)
    return render(request, "registration/result.html")
