"""The citizen's appointments page: their own and their dependents' appointments, to accept,
move to another day at the same centre, or cancel, on the same services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.web import DB, page, refusal_context, render
from sihat.identity import access
from sihat.identity.deps import Caller, page_caller
from sihat.identity.models import Account
from sihat.vaccination import appointments, vaccines
from sihat.vaccination.models import Centre

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "appt.title": ("Temu janji vaksinasi", "Vaccination appointments"),
        "appt.none": ("Tiada temu janji.", "No appointments."),
        "appt.accept": ("Terima", "Accept"),
        "appt.cancel": ("Batal", "Cancel"),
        "appt.reschedule": ("Tukar tarikh", "Change the date"),
        "appt.new_day": ("Tarikh baharu", "New date"),
        "appt.dose": ("Dos ke-", "Dose"),
        "appt.where": ("Pusat vaksinasi", "Vaccination centre"),
        "appt.when": ("Tarikh", "Date"),
        "appt.done.accept": ("Temu janji diterima.", "Appointment accepted."),
        "appt.done.cancel": ("Temu janji dibatalkan.", "Appointment cancelled."),
        "appt.done.reschedule": ("Tarikh temu janji ditukar.", "Appointment moved."),
        "appt.register": (
            "Belum ada temu janji? Daftar untuk vaksinasi dahulu.",
            "No appointment yet? Register for vaccination first.",
        ),
    }
)
i18n.labels(
    "appointment",
    {
        "OFFERED": ("Ditawarkan: sila terima", "Offered: please accept"),
        "ACCEPTED": ("Disahkan", "Confirmed"),
        "ATTENDED": ("Hadir", "Attended"),
        "CANCELLED": ("Dibatalkan", "Cancelled"),
        "NO_SHOW": ("Tidak hadir", "Did not attend"),
    },
)


def appointment_rows(session: Session, account: Account) -> list[dict[str, Any]]:
    """Everyone's appointments, open ones first, with names a person understands."""
    people = access.people_of(session, account)
    rows = appointments.appointments_of(session, list(people))
    products = vaccines.load().products
    codes = {a.ppv_code for a in rows}
    centres = {
        c.code: c.name for c in session.scalars(select(Centre).where(Centre.code.in_(codes)))
    }
    out: list[dict[str, Any]] = []
    for a in rows:
        person, relationship = people[a.person_id]
        out.append(
            {
                "a": a,
                "person": person.full_name,
                "relationship": relationship,
                "centre": centres.get(a.ppv_code, a.ppv_code),
                "product": products[a.product].name if a.product in products else a.product,
                "open": a.status in appointments.OPEN,
            }
        )
    out.sort(key=lambda r: (not r["open"], r["a"].day))
    return out


def _page(request: Request, session: Session, caller: Caller, **extra: Any) -> HTMLResponse:
    return render(
        request,
        "vaccination/appointments.html",
        rows=appointment_rows(session, caller.account),
        tomorrow=date.fromordinal(clock.today_my().toordinal() + 1),
        **extra,
    )


@router.get("/appointments", response_class=HTMLResponse)
def my_appointments(
    request: Request,
    done: str = "",
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    shown = done if done in ("accept", "cancel", "reschedule") else ""
    return _page(request, session, caller, done=shown)


@router.post("/appointments/{appointment_id}/{action}", response_class=HTMLResponse)
@page("vaccination/appointments.html", rows=[], done="")
def change_appointment(
    request: Request,
    appointment_id: str,
    action: str,
    day: date | None = Form(None),
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    account = caller.account
    people = list(access.people_of(session, account))
    refusal_context(
        request,
        lambda: {
            "rows": appointment_rows(session, account),
            "tomorrow": date.fromordinal(clock.today_my().toordinal() + 1),
        },
    )
    if action == "accept":
        appointments.accept(session, people, appointment_id, account.id)
    elif action == "cancel":
        appointments.cancel(session, people, appointment_id, account.id)
    elif action == "reschedule" and day is not None:
        appointments.reschedule(session, people, appointment_id, day, account.id)
    else:
        return RedirectResponse("/appointments", status_code=303)
    return RedirectResponse(f"/appointments?done={action}", status_code=303)
