"""The public web registration form (channel WEB)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from sihat.core import geo, i18n
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, page, render, request_ip, settings_of
from sihat.identity import documents
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
    }
)


@router.get("/register", response_class=HTMLResponse)
def form(request: Request) -> HTMLResponse:
    return render(
        request, "registration/form.html", id_types=documents.ID_TYPES, states=geo.state_names()
    )


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
