"""The administrator's allocation page: offer a day's free places at a centre to the waiting
registrants (the same service as ``POST /api/v1/vaccination/appointments/allocate``).

The page lists every centre's daily capacity per product with what is already booked on the
chosen day; one button per row offers the free places, highest priority and nearest first, and
each person offered a place is told through the outbox."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.web import DB, page, refusal_context, render
from sihat.staff import nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount
from sihat.vaccination import appointments, centres, vaccines
from sihat.vaccination.models import Capacity, Centre, SlotBooking

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "alloc.title": ("Peruntukan temu janji", "Allocate appointments"),
        "alloc.intro": (
            "Tawarkan tempat kosong sesuatu hari kepada individu berdaftar yang menunggu: "
            "fasa keutamaan dahulu, daerah yang sama dahulu, dalam negeri pusat itu sahaja. "
            "Setiap orang yang ditawarkan menerima SMS dan boleh menerima atau menolak.",
            "Offer a day's free places to the registrants who are waiting: priority phase "
            "first, the same district first, within the centre's state only. Everyone offered "
            "a place gets an SMS and can accept or decline.",
        ),
        "alloc.day": ("Hari", "Day"),
        "alloc.show": ("Tunjuk", "Show"),
        "alloc.centre": ("Pusat", "Centre"),
        "alloc.product": ("Vaksin", "Vaccine"),
        "alloc.capacity": ("Kapasiti sehari", "Daily capacity"),
        "alloc.booked": ("Sudah ditempah", "Booked"),
        "alloc.free": ("Kosong", "Free"),
        "alloc.offer": ("Tawarkan tempat kosong", "Offer the free places"),
        "alloc.closed": ("Tutup pada hari ini", "Closed that day"),
        "alloc.none": ("Tiada kapasiti ditetapkan.", "No capacity is set."),
        "alloc.offered": ("tempat ditawarkan di", "places offered at"),
        "alloc.nobody": (
            "Tiada individu berdaftar yang layak menunggu di negeri ini.",
            "No eligible registrant is waiting in this state.",
        ),
    }
)

ALLOCATE = nav.link("/staff/appointments/allocate", "alloc.title", nav.holding("ADMIN"), 12)


def _rows(session: Session, day: date) -> list[dict[str, Any]]:
    products = vaccines.load().products
    booked = {
        (b.ppv_code, b.product): b.booked
        for b in session.scalars(select(SlotBooking).where(SlotBooking.day == day))
    }
    rows = []
    query = (
        select(Capacity, Centre)
        .join(Centre, Centre.code == Capacity.ppv_code)
        .order_by(Centre.state, Centre.code, Capacity.product)
    )
    for capacity, centre in session.execute(query).all():
        taken = booked.get((centre.code, capacity.product), 0)
        product = products.get(capacity.product)
        rows.append(
            {
                "centre": centre,
                "product": capacity.product,
                "product_name": product.name if product else capacity.product,
                "capacity": capacity.daily,
                "booked": taken,
                "free": max(capacity.daily - taken, 0),
                "open": centres.is_operating(session, centre.code, day),
            }
        )
    return rows


def _context(session: Session, day: date) -> dict[str, Any]:
    today = clock.today_my()
    return {
        "day": day.isoformat(),
        "today": today.isoformat(),
        "past": day < today,
        "rows": _rows(session, day),
    }


@router.get("/staff/appointments/allocate", response_class=HTMLResponse)
@page("vaccination/allocate.html", rows=[], day="", today="")
def allocate_page(
    request: Request,
    day: date | None = Query(None),
    offered: int | None = Query(None, ge=0),
    centre: str = Query("", max_length=40),
    session: Session = DB,
    staff: StaffAccount = gate(ALLOCATE),
) -> Response:
    chosen = day or clock.today_my() + timedelta(days=1)
    return render(
        request,
        "vaccination/allocate.html",
        **_context(session, chosen),
        offered=offered,
        offered_at=centre,
    )


@router.post("/staff/appointments/allocate", response_class=HTMLResponse)
@page("vaccination/allocate.html", rows=[], day="", today="")
def allocate_submit(
    request: Request,
    ppv_code: str = Form(..., max_length=40),
    product: str = Form(..., max_length=40),
    day: date = Form(...),
    session: Session = DB,
    staff: StaffAccount = gate(ALLOCATE),
) -> Response:
    refusal_context(request, lambda: _context(session, day))
    offered = appointments.allocate(session, staff, ppv_code, product, day)
    return RedirectResponse(
        f"/staff/appointments/allocate?day={day.isoformat()}&offered={len(offered)}"
        f"&centre={ppv_code}",
        status_code=303,
    )
