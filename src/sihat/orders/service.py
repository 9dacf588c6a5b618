"""Issue and end orders. An officer over the case's district issues a home surveillance order
(HSO) to the case's person or one of its close contacts: the person gets the MyRisk status
HOME_SURVEILLANCE_ORDER (source ``ORDER``) for the policy's duration, which tells them through
the outbox. The order ends with a release order (RO): issued by an officer (the status ends
at once) or automatically by the job when the HSO runs its course (the status expires with
it). Every order is a signed document (``document.py``). Services flush, never commit."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.cases import access as case_access
from sihat.cases.models import Case
from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.identity import documents
from sihat.identity.models import Person
from sihat.orders import access, document, keys
from sihat.orders.models import Order
from sihat.orders.settings import OrderSettings
from sihat.risk import service as risk
from sihat.risk.models import Exposure
from sihat.risk.statuses import HOME_SURVEILLANCE_ORDER
from sihat.staff.models import StaffAccount

SOURCE = "ORDER"
CONTACT_KINDS = ("CLOSE", "BLUETOOTH")


def mask_name(full_name: str) -> str:
    """``Ahmad bin Ali`` -> ``A**** b** A**``: enough for an employer to match a person
    who shows their identity card, nothing more."""
    return " ".join(w[0] + "*" * (len(w) - 1) for w in full_name.split())


def _number(kind: str) -> str:
    return f"{kind}-{clock.now():%Y}-{secrets.token_hex(5).upper()}"


def _sign(
    order: Order, person: Person, settings: OrderSettings | None, ref: str | None = None
) -> None:
    key = keys.signing_key(settings)
    payload = {
        "no": order.order_no,
        "kind": order.kind,
        "name": mask_name(person.full_name),
        "id": documents.mask(person.id_number),
        "district": f"{order.state}/{order.district}",
        "from": document.stamp(order.valid_from),
        "until": document.stamp(order.valid_until),
        "iat": document.stamp(order.issued_at),
    }
    if ref is not None:
        payload["ref"] = ref
    order.document = document.sign(payload, key)
    order.kid = document.kid_of(key.public_key())


def _is_contact(session: Session, case: Case, person_id: str) -> bool:
    if person_id == case.person_id:
        return True
    found = session.scalar(
        select(Exposure.id).where(
            Exposure.case_ref == case.id,
            Exposure.person_id == person_id,
            Exposure.kind.in_(CONTACT_KINDS),
        )
    )
    return found is not None


def close_contacts(session: Session, case: Case) -> list[Person]:
    """The people an officer may order about this case: its person, then its close contacts."""
    ids = [case.person_id] + [
        pid
        for pid in session.scalars(
            select(Exposure.person_id)
            .where(Exposure.case_ref == case.id, Exposure.kind.in_(CONTACT_KINDS))
            .distinct()
        )
        if pid != case.person_id
    ]
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    return [people[i] for i in ids if i in people]


def active_hso(session: Session, person_id: str) -> Order | None:
    return session.scalar(
        select(Order).where(
            Order.person_id == person_id, Order.kind == "HSO", Order.status == "ACTIVE"
        )
    )


def issue_hso(
    session: Session,
    staff: StaffAccount,
    case_id: str,
    person_id: str,
    settings: OrderSettings | None = None,
) -> Order:
    """Place ``person_id`` (the case's person or a close contact) under a home surveillance
    order; ``not_found`` for a case outside the officer's district."""
    case = case_access.get_case(session, staff, case_id)
    if not _is_contact(session, case, person_id):
        raise Problem("order_not_a_contact", field="person_id")
    person = session.get(Person, person_id)
    if person is None:  # pragma: no cover - a foreign key guarantees it
        raise Problem("not_found")
    if active_hso(session, person_id) is not None:
        raise Problem("order_already_active", field="person_id")
    now = clock.now()
    order = Order(
        id=document_id(),
        order_no=_number("HSO"),
        kind="HSO",
        status="ACTIVE",
        person_id=person_id,
        case_id=case.id,
        state=case.state,
        district=case.district,
        valid_from=now,
        issued_at=now,
        issued_by=staff.id,
    )
    status = risk.set_status(
        session,
        person_id,
        HOME_SURVEILLANCE_ORDER,
        source=SOURCE,
        source_ref=order.id,
        reason="home_surveillance_order",
        starts_at=now,
    )
    order.valid_until = status.expires_at
    _sign(order, person, settings)
    _add(session, order)
    trail.record(
        session,
        "orders:hso:issued",
        actor_type="staff",
        actor_id=staff.id,
        target_type="order",
        target_id=order.id,
        order_no=order.order_no,
        district=f"{order.state}/{order.district}",
    )
    return order


def document_id() -> str:
    return str(uuid.uuid4())


def _add(session: Session, order: Order) -> None:
    try:
        with session.begin_nested():
            session.add(order)
            session.flush()
    except IntegrityError as exc:
        raise Problem("order_already_active", field="person_id") from exc


def release(
    session: Session,
    staff: StaffAccount | None,
    hso: Order,
    settings: OrderSettings | None = None,
    *,
    at: datetime | None = None,
) -> Order:
    """End ``hso`` with a release order: by an officer (``staff``; the status ends now) or
    automatically when it ran its course (``staff`` None; the status expires by itself)."""
    if hso.kind != "HSO" or hso.status != "ACTIVE":
        raise Problem("order_not_active")
    now = at or clock.now()
    hso.status = "RELEASED" if staff is not None else "COMPLETED"
    hso.ended_at = now
    if staff is not None:
        risk.end_from_source(
            session, hso.person_id, source=SOURCE, source_ref=hso.id, end_reason="RELEASED"
        )
    person = session.get(Person, hso.person_id)
    assert person is not None
    ro = Order(
        id=document_id(),
        order_no=_number("RO"),
        kind="RO",
        status="ISSUED",
        person_id=hso.person_id,
        case_id=hso.case_id,
        ends_order_id=hso.id,
        state=hso.state,
        district=hso.district,
        valid_from=now,
        valid_until=None,
        issued_at=clock.now(),
        issued_by=staff.id if staff is not None else None,
    )
    _sign(ro, person, settings, ref=hso.order_no)
    session.flush()
    session.add(ro)
    session.flush()
    trail.record(
        session,
        "orders:ro:issued",
        actor_type="staff" if staff is not None else "system",
        actor_id=staff.id if staff is not None else None,
        target_type="order",
        target_id=ro.id,
        order_no=ro.order_no,
        ends=hso.order_no,
        automatic=staff is None,
    )
    return ro


def release_by_officer(
    session: Session, staff: StaffAccount, order_id: str, settings: OrderSettings | None = None
) -> Order:
    return release(session, staff, access.get_order(session, staff, order_id), settings)


def release_expired(
    session: Session, settings: OrderSettings | None = None, limit: int = 500
) -> int:
    """Issue the automatic release order of every HSO that ran its course; idempotent."""
    due = list(
        session.scalars(
            select(Order)
            .where(Order.kind == "HSO", Order.status == "ACTIVE", Order.valid_until <= clock.now())
            .limit(limit)
        )
    )
    for hso in due:
        assert hso.valid_until is not None
        release(session, None, hso, settings, at=clock.as_utc(hso.valid_until))
    return len(due)


def orders_of(session: Session, person_id: str) -> list[Order]:
    """A person's orders, newest first."""
    return list(
        session.scalars(
            select(Order).where(Order.person_id == person_id).order_by(Order.issued_at.desc())
        )
    )
