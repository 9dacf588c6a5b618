"""Order pages: the officer's page (find a case, issue a home surveillance order to its
person or a close contact, release, current orders and enforcement alerts in the district),
a person's printable signed orders with their QR code, and the public verify page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import segno
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.cases import access as case_access
from sihat.cases.deps import OrdersPage
from sihat.cases.models import Case
from sihat.checkins.models import Premise
from sihat.core import clock, i18n
from sihat.core.web import DB, page, refusal_context, render
from sihat.identity import access as identity_access
from sihat.identity import documents
from sihat.identity.deps import Caller, optional_caller
from sihat.identity.models import Person
from sihat.orders import access, service, verify, words
from sihat.orders.models import Order, OrderAlert
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)


def fmt(moment: datetime | None) -> str:
    """An instant as Malaysia time, for people (dd/mm/yyyy HH:MM)."""
    if moment is None:
        return "—"
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%d/%m/%Y %H:%M")


def qr_svg(text: str) -> str:
    return segno.make_qr(text, error="m").svg_inline(scale=3)


def _officer_context(session: Session, staff: StaffAccount, case_no: str = "") -> dict[str, Any]:
    where = access.area(staff, Order.state, Order.district)
    current = session.execute(
        select(Order, Person)
        .join(Person, Person.id == Order.person_id)
        .where(where, Order.kind == "HSO", Order.status == "ACTIVE")
        .order_by(Order.issued_at.desc())
        .limit(200)
    ).all()
    releases = session.execute(
        select(Order, Person)
        .join(Person, Person.id == Order.person_id)
        .where(where, Order.kind == "RO")
        .order_by(Order.issued_at.desc())
        .limit(20)
    ).all()
    alerts = session.execute(
        select(OrderAlert, Order, Person, Premise)
        .join(Order, Order.id == OrderAlert.order_id)
        .join(Person, Person.id == OrderAlert.person_id)
        .outerjoin(Premise, Premise.id == OrderAlert.premise_id)
        .where(access.area(staff, OrderAlert.state, OrderAlert.district))
        .order_by(OrderAlert.checked_in_at.desc())
        .limit(200)
    ).all()
    case = None
    people: list[tuple[Person, bool, bool]] = []
    if case_no:
        case = session.scalar(
            select(Case).where(Case.case_no == case_no.strip(), case_access.area(staff))
        )
        if case is not None:
            people = [
                (p, p.id == case.person_id, service.active_hso(session, p.id) is not None)
                for p in service.close_contacts(session, case)
            ]
    return {
        "staff": staff,
        "area": case_access.area_label(staff),
        "current": current,
        "releases": releases,
        "alerts": alerts,
        "case_no": case_no,
        "case": case,
        "people": people,
    }


_EMPTY: dict[str, Any] = {
    "current": [],
    "releases": [],
    "alerts": [],
    "people": [],
    "case": None,
    "case_no": "",
    "fmt": fmt,
    "mask": documents.mask,
}


@router.get("/staff/orders", response_class=HTMLResponse)
@page("orders/officer.html", **_EMPTY)
def officer_page(
    request: Request, case_no: str = "", session: Session = DB, staff: StaffAccount = OrdersPage
) -> Response:
    return render(
        request,
        "orders/officer.html",
        fmt=fmt,
        mask=documents.mask,
        **_officer_context(session, staff, case_no),
    )


@router.post("/staff/orders/hso", response_class=HTMLResponse)
@page("orders/officer.html", **_EMPTY)
def officer_issue(
    request: Request,
    case_id: str = Form(""),
    person_id: str = Form(""),
    case_no: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OrdersPage,
) -> Response:
    refusal_context(request, lambda: _officer_context(session, staff, case_no))
    service.issue_hso(session, staff, case_id, person_id)
    return RedirectResponse(f"/staff/orders?case_no={case_no}", status_code=303)


@router.post("/staff/orders/{order_id}/release", response_class=HTMLResponse)
@page("orders/officer.html", **_EMPTY)
def officer_release(
    order_id: str, request: Request, session: Session = DB, staff: StaffAccount = OrdersPage
) -> Response:
    refusal_context(request, lambda: _officer_context(session, staff))
    service.release_by_officer(session, staff, order_id)
    return RedirectResponse("/staff/orders", status_code=303)


@router.get("/orders/mine", response_class=HTMLResponse)
def my_orders(
    request: Request, session: Session = DB, caller: Caller | None = Depends(optional_caller)
) -> Response:
    if caller is None:
        return RedirectResponse("/login", status_code=303)
    shown = []
    for pid, (person, _rel) in identity_access.people_of(session, caller.account).items():
        for order in service.orders_of(session, pid):
            shown.append((person, order, qr_svg(order.document)))
    return render(request, "orders/mine.html", orders=shown, fmt=fmt, mask=service.mask_name)


@router.get("/orders/verify", response_class=HTMLResponse)
def verify_form(request: Request) -> Response:
    return render(request, "orders/verify.html", result=None, document="")


@router.post(
    "/orders/verify", response_class=HTMLResponse, dependencies=[Depends(verify.verify_limit)]
)
@page("orders/verify.html", result=None, document="")
def verify_post(request: Request, document: str = Form("")) -> Response:
    result = verify.check(document[:4000])
    return render(
        request,
        "orders/verify.html",
        status_code=200 if result.valid else 422,
        result=result,
        document=document[:4000],
        fmt=fmt,
    )
