"""The hotline operator's page: register a caller for vaccination (channel HOTLINE), the same
service as ``POST /api/v1/registrations/staff``."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.core import geo, i18n
from sihat.core.web import DB, page, render
from sihat.identity import documents
from sihat.identity.service import IdentityInput
from sihat.registration import service
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "reg.hotline": ("Daftar pemanggil talian", "Register a hotline caller"),
        "reg.hotline_intro": (
            "Daftarkan individu yang menelefon talian untuk vaksinasi. Pendaftaran berulang "
            "direkodkan sebagai percubaan dan pendaftaran asal kekal.",
            "Register a person who calls the hotline for vaccination. A repeat is recorded as "
            "an attempt and the first registration stands.",
        ),
        "reg.caller_created": ("Pemanggil didaftarkan.", "The caller is registered."),
        "reg.caller_existing": (
            "Pemanggil sudah berdaftar; pendaftaran sedia ada kekal.",
            "The caller is already registered; the existing registration stands.",
        ),
        "reg.facts": ("Keadaan pemanggil", "The caller's situation"),
        "reg.caller_comorbidity": ("Penyakit kronik", "Chronic illness"),
        "reg.caller_oku": ("Orang kurang upaya (OKU)", "Disability (OKU)"),
        "reg.caller_pregnant": ("Hamil", "Pregnant"),
        "reg.caller_frontline": ("Petugas barisan hadapan", "Frontline worker"),
    }
)

HOTLINE = nav.link("/staff/registrations", "reg.hotline", nav.holding("HOTLINE_OPERATOR"), 15)


def _form() -> dict[str, Any]:
    return {"id_types": documents.ID_TYPES, "states": geo.state_names()}


@router.get("/staff/registrations", response_class=HTMLResponse)
@page("registration/staff.html", **_form())
def hotline_form(request: Request, staff: StaffAccount = gate(HOTLINE)) -> Response:
    return render(request, "registration/staff.html", **_form())


@router.post("/staff/registrations", response_class=HTMLResponse)
@page("registration/staff.html", **_form())
def hotline_submit(
    request: Request,
    id_type: str = Form(...),
    id_number: str = Form(...),
    full_name: str = Form(...),
    phone: str = Form(""),
    date_of_birth: date | None = Form(None),
    sex: str | None = Form(None),
    state: str | None = Form(None),
    comorbidity: bool = Form(False),
    oku: bool = Form(False),
    pregnant: bool = Form(False),
    frontline: bool = Form(False),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    data = IdentityInput(
        id_type=id_type,
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
        sex=sex or None,
        state=state or None,
    )
    facts = service.Facts(comorbidity, oku, pregnant, frontline, state or None)
    registration, created = service.register_by_staff(
        session, staff, "HOTLINE", data, facts, phone=phone.strip() or None
    )
    return render(
        request, "registration/staff.html", **_form(), registration=registration, created=created
    )
