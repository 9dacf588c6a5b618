"""Close contacts from an upload: UIDs become people (device -> account -> person), the rule
picks the close ones, and each is recorded once per case in ``trace_contacts``. The policy
says whether a contact waits for the officer of the case's district (PENDING) or goes to
MyRisk at once; either way MyRisk hears of it as a BLUETOOTH exposure (CLOSE_CONTACT status
and the person's notice), recorded idempotently by ``risk.exposures``."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.bluetrace.models import TraceContact, TraceDevice
from sihat.bluetrace.policy import Policy
from sihat.bluetrace.rule import Found
from sihat.cases import access as case_access
from sihat.cases.models import Case
from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.identity.models import Account
from sihat.risk import immunity
from sihat.risk.exposures import ExposureIn, record_exposures
from sihat.staff.models import StaffAccount
from sihat.tracing.policy import load as load_tracing_policy


def window(case: Case) -> tuple[datetime, datetime]:
    """The case's infectious window, as the casual-contact engine defines it (``tracing.md``
    §1 rule 1, same policy file): onset (or sample) minus N days, to isolation (or sample +
    the default isolation hours)."""
    p = load_tracing_policy().parameters()
    start = (case.onset_at or case.sample_at) - timedelta(days=p["infectious_days_before"])
    end = case.isolated_at or case.sample_at + timedelta(hours=p["default_isolation_hours"])
    return clock.as_utc(start), clock.as_utc(end)


def people_of_uids(session: Session, uids: Iterable[str]) -> dict[str, str]:
    """UID -> person id, for the UIDs registered here."""
    wanted = sorted(set(uids))
    found: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(TraceDevice.uid, Account.person_id)
            .join(Account, Account.id == TraceDevice.account_id)
            .where(TraceDevice.uid.in_(wanted[i : i + 500]))
        )
        found.update({uid: pid for uid, pid in rows})
    return found


def record(session: Session, case: Case, found: list[Found], policy: Policy) -> int:
    """Record the close contacts among ``found``; returns how many were new. A contact already
    recorded for this case keeps its row (its minutes may only grow)."""
    people = people_of_uids(session, [f.uid for f in found if f.close(policy)])
    best: dict[str, Found] = {}
    for f in found:
        pid = people.get(f.uid)
        if pid is None or pid == case.person_id or not f.close(policy):
            continue
        if pid not in best or f.minutes > best[pid].minutes:
            best[pid] = f
    known = {
        c.person_id: c
        for c in session.scalars(
            select(TraceContact).where(
                TraceContact.case_id == case.id, TraceContact.person_id.in_(list(best))
            )
        )
    }
    now = clock.now()
    fresh: list[TraceContact] = []
    for pid, f in sorted(best.items()):
        if pid in known:
            known[pid].minutes = max(known[pid].minutes, f.minutes)
            continue
        row = TraceContact(
            case_id=case.id,
            person_id=pid,
            minutes=f.minutes,
            exposed_on=f.exposed_on,
            state=case.state,
            district=case.district,
            status="PENDING",
            found_at=now,
        )
        session.add(row)
        fresh.append(row)
    session.flush()
    if policy.confirmation == "automatic" and fresh:
        _to_myrisk(session, case, fresh, None)
    return len(fresh)


def _to_myrisk(
    session: Session, case: Case, rows: list[TraceContact], staff: StaffAccount | None
) -> None:
    now = clock.now()
    for row in rows:
        row.status = "CONFIRMED"
        row.decided_by = staff.id if staff else None
        row.decided_at = now
    exposures = [
        ExposureIn("BLUETOOTH", case.id, r.person_id, r.exposed_on, None, r.minutes) for r in rows
    ]
    vaccinated = immunity.fully_vaccinated(session, sorted({r.person_id for r in rows}))
    record_exposures(session, exposures, fully_vaccinated=vaccinated)
    session.flush()


def contacts_of_case(session: Session, staff: StaffAccount, case_id: str) -> list[TraceContact]:
    """A case's Bluetooth contacts, for an officer over its district (``not_found`` else)."""
    case = case_access.get_case(session, staff, case_id)
    return list(
        session.scalars(
            select(TraceContact)
            .where(TraceContact.case_id == case.id)
            .order_by(TraceContact.found_at, TraceContact.id)
        )
    )


def _contact(session: Session, staff: StaffAccount, contact_id: str) -> tuple[TraceContact, Case]:
    case_access.require_officer(staff)
    found = session.execute(
        select(TraceContact, Case)
        .join(Case, Case.id == TraceContact.case_id)
        .where(TraceContact.id == contact_id, case_access.area(staff))
        .with_for_update(of=TraceContact)
    ).first()
    if found is None:
        raise Problem("not_found")
    contact, case = found
    if contact.status != "PENDING":
        raise Problem("trace_contact_not_pending")
    return contact, case


def confirm(session: Session, staff: StaffAccount, contact_id: str) -> TraceContact:
    """The officer confirms a pending contact: MyRisk gives CLOSE_CONTACT and tells them."""
    contact, case = _contact(session, staff, contact_id)
    _to_myrisk(session, case, [contact], staff)
    _audit(session, staff, contact, "trace:contact:confirmed")
    return contact


def dismiss(session: Session, staff: StaffAccount, contact_id: str) -> TraceContact:
    """The officer dismisses a pending contact (e.g. behind a wall): MyRisk hears nothing."""
    contact, _case = _contact(session, staff, contact_id)
    contact.status = "DISMISSED"
    contact.decided_by = staff.id
    contact.decided_at = clock.now()
    session.flush()
    _audit(session, staff, contact, "trace:contact:dismissed")
    return contact


def _audit(session: Session, staff: StaffAccount, contact: TraceContact, action: str) -> None:
    trail.record(
        session,
        action,
        actor_type="staff",
        actor_id=staff.id,
        target_type="case",
        target_id=contact.case_id,
        contact_id=contact.id,
    )
