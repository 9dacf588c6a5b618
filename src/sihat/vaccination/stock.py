"""Batches and stock per centre: received, transferred, used.

Stock never goes below zero. Every decrement is one conditional UPDATE
(``quantity = quantity - n WHERE ... AND quantity >= n``) whose row count says whether it
happened, so two vaccinators taking the last dose at the same moment cannot both succeed:
PostgreSQL re-checks the condition after the row lock, SQLite serialises writers
(``BEGIN IMMEDIATE``), and a check constraint backs both.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role, require_role
from sihat.vaccination import vaccines
from sihat.vaccination.centres import get_centre, works_at
from sihat.vaccination.models import Batch, Stock, StockMovement


def create_batch(
    session: Session, actor: StaffAccount, product: str, lot: str, expires_on: date
) -> Batch:
    require_role(actor, "ADMIN")
    vaccines.load().product(product)
    lot = lot.strip().upper()
    if not lot:
        raise Problem("invalid_input", field="lot")
    existing = session.scalar(select(Batch).where(Batch.product == product, Batch.lot == lot))
    if existing is not None:
        return existing
    batch = Batch(product=product, lot=lot, expires_on=expires_on, created_at=clock.now())
    session.add(batch)
    session.flush()
    trail.record(
        session,
        "vaccination:batch:created",
        actor_type="staff",
        actor_id=actor.id,
        target_type="batch",
        target_id=batch.id,
        product=product,
        lot=lot,
    )
    return batch


def get_batch(session: Session, batch_id: str) -> Batch:
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise Problem("batch_not_at_ppv", field="batch_id")
    return batch


def _may_handle(actor: StaffAccount, code: str) -> None:
    if not may_handle(actor, code):
        raise Problem("forbidden")


def check_may_view(session: Session, actor: StaffAccount, code: str) -> None:
    """Administrators, auditors and the centre's own staff see its stock; others get 404."""
    if has_role(actor, "ADMIN") or has_role(actor, "AUDITOR"):
        return
    roles = ("VACCINATOR", "SUPERVISOR", "REGISTRATION_DESK")
    if not any(works_at(session, actor, code, role) for role in roles):
        raise Problem("not_found")


def _add(session: Session, code: str, batch_id: str, quantity: int) -> None:
    result = session.execute(
        update(Stock)
        .where(Stock.ppv_code == code, Stock.batch_id == batch_id)
        .values(quantity=Stock.quantity + quantity)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        return
    if not try_add(session, Stock(ppv_code=code, batch_id=batch_id, quantity=quantity)):
        _add(session, code, batch_id, quantity)  # created by a concurrent receipt: add to it


def take(session: Session, code: str, batch_id: str, quantity: int = 1) -> None:
    """Remove ``quantity`` or refuse: ``batch_not_at_ppv`` / ``out_of_stock``."""
    result = session.execute(
        update(Stock)
        .where(Stock.ppv_code == code, Stock.batch_id == batch_id, Stock.quantity >= quantity)
        .values(quantity=Stock.quantity - quantity)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:  # type: ignore[attr-defined]
        return
    held = session.scalar(
        select(Stock.id).where(Stock.ppv_code == code, Stock.batch_id == batch_id)
    )
    raise Problem("out_of_stock" if held else "batch_not_at_ppv", field="batch_id")


def give_back(session: Session, code: str, batch_id: str, quantity: int = 1) -> None:
    _add(session, code, batch_id, quantity)


def holds(session: Session, code: str, batch_id: str) -> bool:
    found = session.scalar(
        select(Stock.id).where(Stock.ppv_code == code, Stock.batch_id == batch_id)
    )
    return found is not None


def receive(
    session: Session, actor: StaffAccount, code: str, batch_id: str, quantity: int
) -> StockMovement:
    _may_handle(actor, code)
    get_centre(session, code)
    get_batch(session, batch_id)
    if quantity <= 0:
        raise Problem("invalid_input", field="quantity")
    _add(session, code, batch_id, quantity)
    movement = StockMovement(
        ppv_code=code,
        batch_id=batch_id,
        kind="RECEIVED",
        quantity=quantity,
        at=clock.now(),
        by=actor.id,
    )
    session.add(movement)
    trail.record(
        session,
        "vaccination:stock:received",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=code,
        batch_id=batch_id,
        quantity=quantity,
    )
    session.flush()
    return movement


def transfer(
    session: Session, actor: StaffAccount, source: str, target: str, batch_id: str, quantity: int
) -> None:
    _may_handle(actor, source)
    get_centre(session, target)
    if quantity <= 0 or source == target:
        raise Problem("invalid_input", field="quantity")
    take(session, source, batch_id, quantity)
    _add(session, target, batch_id, quantity)
    now = clock.now()
    for code, other, kind, signed in (
        (source, target, "TRANSFER_OUT", -quantity),
        (target, source, "TRANSFER_IN", quantity),
    ):
        session.add(
            StockMovement(
                ppv_code=code,
                batch_id=batch_id,
                kind=kind,
                quantity=signed,
                other_ppv=other,
                at=now,
                by=actor.id,
            )
        )
    trail.record(
        session,
        "vaccination:stock:transferred",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=source,
        to=target,
        batch_id=batch_id,
        quantity=quantity,
    )
    session.flush()


def discard(
    session: Session, actor: StaffAccount, code: str, batch_id: str, quantity: int, reason: str
) -> StockMovement:
    """Doses thrown away (broken vial, cold chain, expired): out of the centre's stock, with
    the reason in the audit log."""
    _may_handle(actor, code)
    get_centre(session, code)
    if quantity <= 0:
        raise Problem("invalid_input", field="quantity")
    if len(reason.strip()) < 5:
        raise Problem("invalid_input", field="reason")
    take(session, code, batch_id, quantity)
    movement = StockMovement(
        ppv_code=code,
        batch_id=batch_id,
        kind="DISCARDED",
        quantity=-quantity,
        at=clock.now(),
        by=actor.id,
    )
    session.add(movement)
    trail.record(
        session,
        "vaccination:stock:discarded",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=code,
        batch_id=batch_id,
        quantity=quantity,
        reason=reason.strip()[:200],
    )
    session.flush()
    return movement


def may_handle(actor: StaffAccount, code: str) -> bool:
    """Administrators and the centre's supervisors receive, transfer and discard stock."""
    return has_role(actor, "ADMIN") or has_role(actor, "SUPERVISOR", "PPV", code)


def movements(session: Session, code: str, limit: int = 50) -> list[StockMovement]:
    query = select(StockMovement).where(StockMovement.ppv_code == code)
    return list(session.scalars(query.order_by(StockMovement.at.desc()).limit(limit)))


def levels(session: Session, code: str) -> list[tuple[Batch, int]]:
    rows = session.execute(
        select(Batch, Stock.quantity)
        .join(Stock, Stock.batch_id == Batch.id)
        .where(Stock.ppv_code == code)
        .order_by(Batch.product, Batch.expires_on)
    )
    return [(batch, int(quantity)) for batch, quantity in rows]
