"""Retracting a case, maker-checker: one health officer asks with a reason, a different one with
authority over the case's district approves (or rejects) before the request expires. The
maker cannot decide their own request; a request is decided once; at most one is pending per
case (database-enforced)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sihat.cases import access, events
from sihat.cases.models import Case, CaseRetraction
from sihat.core import clock, hooks, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount

TTL_HOURS = 72


def _expire_stale(session: Session, case_id: str) -> None:
    session.execute(
        update(CaseRetraction)
        .where(
            CaseRetraction.case_id == case_id,
            CaseRetraction.status == "PENDING",
            CaseRetraction.expires_at <= clock.now(),
        )
        .values(status="EXPIRED")
    )


def request(session: Session, maker: StaffAccount, case_id: str, reason: str) -> CaseRetraction:
    case = access.get_case(session, maker, case_id)
    if case.status == "RETRACTED":
        raise Problem("case_wrong_status")
    if len(reason.strip()) < 10:
        raise Problem("case_reason_required", field="reason")
    _expire_stale(session, case.id)
    now = clock.now()
    row = CaseRetraction(
        case_id=case.id,
        reason=reason.strip()[:500],
        status="PENDING",
        maker_id=maker.id,
        created_at=now,
        expires_at=now + timedelta(hours=TTL_HOURS),
    )
    if not try_add(session, row):
        raise Problem("case_retraction_pending")
    trail.record(
        session,
        "cases:retraction:requested",
        actor_type="staff",
        actor_id=maker.id,
        target_type="case",
        target_id=case.id,
        request_id=row.id,
    )
    return row


def pending(session: Session, staff: StaffAccount) -> list[CaseRetraction]:
    """Requests waiting for a decision on cases in the officer's area."""
    access.require_officer(staff)
    return list(
        session.scalars(
            select(CaseRetraction)
            .join(Case, Case.id == CaseRetraction.case_id)
            .where(
                CaseRetraction.status == "PENDING",
                CaseRetraction.expires_at > clock.now(),
                access.area(staff),
            )
            .order_by(CaseRetraction.created_at)
        )
    )


def of_case(session: Session, case_id: str) -> list[CaseRetraction]:
    return list(
        session.scalars(
            select(CaseRetraction)
            .where(CaseRetraction.case_id == case_id)
            .order_by(CaseRetraction.created_at.desc())
        )
    )


def decide(
    session: Session, checker: StaffAccount, request_id: str, *, approve: bool
) -> CaseRetraction:
    row = access.get_retraction(session, checker, request_id)
    case = session.get(Case, row.case_id)
    assert case is not None
    if row.status != "PENDING":
        raise Problem("request_not_pending")
    if clock.now() >= row.expires_at:
        raise Problem("request_expired")
    if checker.id == row.maker_id:
        raise Problem("self_approval")
    if not access.covers(checker, case.state, case.district):
        raise Problem("approver_lacks_authority")
    now = clock.now()
    # Decided once, even by two checkers at the same moment.
    claimed = session.execute(
        update(CaseRetraction)
        .where(CaseRetraction.id == row.id, CaseRetraction.status == "PENDING")
        .values(status="EXECUTED" if approve else "REJECTED", decided_by=checker.id, decided_at=now)
    )
    if getattr(claimed, "rowcount", 1) != 1:
        raise Problem("request_not_pending")
    session.refresh(row)
    trail.record(
        session,
        f"cases:retraction:{'approved' if approve else 'rejected'}",
        actor_type="staff",
        actor_id=checker.id,
        target_type="case",
        target_id=case.id,
        request_id=row.id,
    )
    if approve:
        if case.status == "RETRACTED":
            raise Problem("case_wrong_status")
        case.status, case.retracted_at = "RETRACTED", now
        session.flush()
        trail.record(
            session,
            "cases:case:retracted",
            actor_type="request",
            actor_id=row.id,
            target_type="case",
            target_id=case.id,
            maker_id=row.maker_id,
            checker_id=checker.id,
        )
        hooks.emit(events.CASE_RETRACTED, session, person_id=case.person_id, case_ref=case.id)
    return row
