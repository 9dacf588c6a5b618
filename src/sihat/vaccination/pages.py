"""The PPV pages: every centre role sees today's queue and the centre's batches; a vaccinator
records a dose. A refusal is shown with its code in Malay and English, and nothing is written.
Stock and approvals are in ``pages_stock``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render
from sihat.identity import documents
from sihat.identity.models import Person
from sihat.identity.service import IdentityInput, find_person
from sihat.registration.service import Facts
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount
from sihat.staff.service import active_roles, has_role
from sihat.vaccination import appointments, approvals, centres, doses, stock, vaccines, walkins
from sihat.vaccination.models import CENTRE_ROLES

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "ppv.title": ("Pusat pemberian vaksin", "Vaccination centre"),
        "ppv.mine": ("Pusat tugasan saya", "My centres"),
        "ppv.none": ("Anda tiada tugasan di mana-mana pusat.", "You have no centre assignment."),
        "ppv.queue": ("Giliran hari ini", "Today's queue"),
        "ppv.queue_empty": ("Tiada giliran.", "Nobody is waiting."),
        "ppv.record": ("Rekod dos", "Record a dose"),
        "ppv.id_type": ("Jenis dokumen", "Document type"),
        "ppv.id_number": ("Nombor dokumen", "Document number"),
        "ppv.dose_number": ("Dos ke-", "Dose number"),
        "ppv.batch": ("Kelompok (produk, lot, luput, baki)", "Batch (product, lot, expiry, left)"),
        "ppv.administered_at": ("Masa pemberian", "Administration time"),
        "ppv.recorded": ("Dos direkodkan.", "Dose recorded."),
        "ppv.person": ("Penerima", "Recipient"),
        "ppv.stock": ("Stok", "Stock"),
        "ppv.my_roles": ("Peranan anda di sini", "Your roles here"),
        "ppv.source.ALLOCATED": ("Temu janji", "Appointment"),
        "ppv.source.NEXT_DOSE": ("Dos seterusnya", "Next dose"),
        "ppv.source.WALKIN": ("Walk-in", "Walk-in"),
        "ppv.status.OFFERED": ("Ditawarkan", "Offered"),
        "ppv.status.ACCEPTED": ("Diterima", "Accepted"),
        "ppv.status.ATTENDED": ("Hadir", "Attended"),
        "ppv.status.CANCELLED": ("Dibatalkan", "Cancelled"),
        "ppv.status.NO_SHOW": ("Tidak hadir", "Did not come"),
        "ppv.status": ("Status", "Status"),
        "ppv.not_vaccinator": (
            "Hanya pemberi vaksin merekodkan dos di pusat ini.",
            "Only vaccinators record doses at this centre.",
        ),
        "idtype.MYKAD": ("MyKad", "MyKad"),
        "idtype.MYKAS": ("MyKAS", "MyKAS"),
        "idtype.MYPR": ("MyPR", "MyPR"),
        "idtype.MYTENTERA": ("MyTentera", "MyTentera"),
        "idtype.PASSPORT": ("Pasport", "Passport"),
        "idtype.OTHER": ("Dokumen lain", "Other document"),
        "ppv.walkin": ("Daftar walk-in", "Register a walk-in"),
        "ppv.channel": ("Saluran", "Channel"),
        "ppv.channel.WALKIN": ("Walk-in di pusat", "Walk-in at the centre"),
        "ppv.channel.OUTREACH": ("Program jangkauan", "Outreach"),
        "ppv.product": ("Vaksin", "Vaccine"),
    }
)


def _centre_role(session: Session, staff: StaffAccount) -> bool:
    """Holds a centre role (vaccinator, supervisor, registration desk) over some centre: the
    page then lists the centres where they are assigned, or says they are assigned nowhere."""
    return any(
        has_role(staff, grant.role, grant.scope_type, grant.scope_code)
        for grant in active_roles(staff)
        if grant.role in CENTRE_ROLES
    )


MINE = nav.link("/ppv", "ppv.mine", _centre_role, order=10)


def centre_roles(
    code: str, session: Session = DB, staff: StaffAccount = StaffPage
) -> tuple[StaffAccount, list[str]]:
    """The gate of every page of one centre: the caller's roles there (works_at), or 403."""
    roles = centres.roles_at(session, staff).get(code)
    if not roles:
        raise Problem("not_working_here", field="ppv_code")
    return staff, roles


CentreStaff = Depends(centre_roles)
_EMPTY: dict[str, Any] = {
    "queue": [],
    "batches": [],
    "products": [],
    "roles": [],
    "id_types": documents.ID_TYPES,
}


def _person(session: Session, id_type: str, id_number: str) -> Person:
    person = find_person(session, id_type, documents.normalise(id_type, id_number))
    if person is None:
        raise Problem("person_not_found", field="id_number")
    return person


def _context(session: Session, code: str, roles: list[str]) -> dict[str, Any]:
    queue = appointments.queue(session, code, clock.today_my())
    levels = stock.levels(session, code)
    people = {a.person_id: session.get(Person, a.person_id) for a in queue}
    products = vaccines.load().products
    return {
        "centre": centres.get_centre(session, code),
        "queue": [(a, people[a.person_id]) for a in queue],
        "batches": [(b, q, products[b.product].name) for b, q in levels],
        "id_types": documents.ID_TYPES,
        "now": clock.now().astimezone(clock.MALAYSIA).strftime("%Y-%m-%dT%H:%M"),
        "roles": roles,
        "can_record": "VACCINATOR" in roles,
        "desk": "REGISTRATION_DESK" in roles,
        "products": sorted({(b.product, products[b.product].name) for b, _q in levels}),
    }


def _mine(session: Session, staff: StaffAccount) -> list[dict[str, Any]]:
    return [
        {
            "centre": centres.get_centre(session, code),
            "roles": roles,
            "approvals": approvals.may_request(session, staff, code),
        }
        for code, roles in centres.roles_at(session, staff).items()
    ]


@router.get("/ppv", response_class=HTMLResponse)
@page("vaccination/mine.html", assignments=[])
def my_centres(
    request: Request, session: Session = DB, staff: StaffAccount = gate(MINE)
) -> Response:
    return render(request, "vaccination/mine.html", assignments=_mine(session, staff))


@router.get("/ppv/{code}", response_class=HTMLResponse)
@page("vaccination/mine.html", assignments=[])
def centre_page(
    code: str,
    request: Request,
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    staff, roles = who
    return render(
        request,
        "vaccination/ppv.html",
        **_context(session, code, roles),
        approvals=approvals.may_request(session, staff, code),
    )


@router.post("/ppv/{code}/doses", response_class=HTMLResponse)
@page("vaccination/result.html")
def record_dose(
    code: str,
    request: Request,
    id_type: str = Form("MYKAD"),
    id_number: str = Form(...),
    dose_number: int = Form(...),
    batch_id: str = Form(...),
    administered_at: str = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    """HTMX fragment: the recorded dose, or the refusal in both languages."""
    person = _person(session, id_type, id_number)
    batch = stock.get_batch(session, batch_id)
    try:
        local = datetime.fromisoformat(administered_at)
    except ValueError:
        raise Problem("invalid_input", field="administered_at") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=clock.MALAYSIA)
    data = doses.DoseInput(
        person_id=person.id,
        dose_number=dose_number,
        product=batch.product,
        batch_id=batch.id,
        ppv_code=code,
        administered_at=local,
    )
    dose, _created = doses.record(session, staff, data)
    return render(request, "vaccination/result.html", dose=dose, person=person)


@router.post("/ppv/{code}/walk-ins", response_class=HTMLResponse)
@page("vaccination/ppv.html", **_EMPTY)
def walk_in(
    code: str,
    request: Request,
    channel: str = Form("WALKIN"),
    id_type: str = Form("MYKAD"),
    id_number: str = Form(...),
    full_name: str = Form(...),
    date_of_birth: date | None = Form(None),
    sex: str | None = Form(None),
    phone: str = Form(""),
    product: str = Form(...),
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    """The registration desk registers a walk-in and puts them in today's queue."""
    staff, roles = who
    refusal_context(request, lambda: {**_context(session, code, roles), "approvals": False})
    data = IdentityInput(
        id_type=id_type,
        id_number=id_number,
        full_name=full_name,
        date_of_birth=date_of_birth,
        sex=sex or None,
    )
    walkins.walk_in(
        session,
        staff,
        code,
        channel,
        data,
        Facts(False, False, False, False, None),
        product,
        phone=phone.strip() or None,
    )
    return RedirectResponse(f"/ppv/{code}#queue", status_code=303)
