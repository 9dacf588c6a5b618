"""Second-person approvals at a centre: late-entry reasons and dose-record amendments.

A vaccinator (or supervisor) asks, with a reason; a supervisor assigned to the same centre,
who is not the requester, approves. An approved amendment adds a replacement record (or
voids the original) and the original stays untouched: who asked, why, and who approved are
all kept.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, hooks, trail
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.staff.models import StaffAccount
from sihat.vaccination import centres, doses, events, stock
from sihat.vaccination.models import Amendment, Dose, LateEntry

AMENDABLE = ("person_id", "dose_number", "product", "batch_id", "administered_at")


def _centre_staff(session: Session, staff: StaffAccount, code: str) -> None:
    if not (
        centres.works_at(session, staff, code, "VACCINATOR")
        or centres.works_at(session, staff, code, "SUPERVISOR")
    ):
        raise Problem("vaccinator_not_assigned", field="ppv_code")


def _supervisor(session: Session, staff: StaffAccount, code: str, requester: str) -> None:
    if not centres.works_at(session, staff, code, "SUPERVISOR"):
        raise Problem("forbidden")
    if staff.id == requester:
        raise Problem("second_person_required")


def request_late_entry(
    session: Session, staff: StaffAccount, code: str, first_day: date, last_day: date, reason: str
) -> LateEntry:
    _centre_staff(session, staff, code)
    if last_day < first_day or len(reason.strip()) < 10:
        raise Problem("invalid_input", field="reason" if last_day >= first_day else "last_day")
    entry = LateEntry(
        ppv_code=code,
        first_day=first_day,
        last_day=last_day,
        reason=reason.strip()[:500],
        requested_by=staff.id,
        requested_at=clock.now(),
    )
    session.add(entry)
    session.flush()
    trail.record(
        session,
        "vaccination:late_entry:requested",
        actor_type="staff",
        actor_id=staff.id,
        target_type="late_entry",
        target_id=entry.id,
        ppv_code=code,
    )
    return entry


def approve_late_entry(session: Session, staff: StaffAccount, entry_id: str) -> LateEntry:
    entry = session.get(LateEntry, entry_id)
    if entry is None:
        raise Problem("not_found")
    _supervisor(session, staff, entry.ppv_code, entry.requested_by)
    if entry.approved_at is None:
        entry.approved_at = clock.now()
        entry.approved_by = staff.id
        entry.valid_until = entry.approved_at + timedelta(
            days=get_settings().late_entry_approval_days
        )
        trail.record(
            session,
            "vaccination:late_entry:approved",
            actor_type="staff",
            actor_id=staff.id,
            target_type="late_entry",
            target_id=entry.id,
            ppv_code=entry.ppv_code,
        )
        session.flush()
    return entry


def request_amendment(
    session: Session,
    staff: StaffAccount,
    dose_id: str,
    kind: str,
    changes: dict[str, str],
    reason: str,
) -> Amendment:
    dose = doses.get_dose(session, dose_id)
    _centre_staff(session, staff, dose.ppv_code)
    if kind not in ("CORRECT", "VOID") or len(reason.strip()) < 10:
        raise Problem("invalid_input", field="reason" if kind in ("CORRECT", "VOID") else "kind")
    if kind == "CORRECT" and (not changes or set(changes) - set(AMENDABLE)):
        raise Problem("invalid_input", field="changes")
    if session.scalar(
        select(Amendment.id).where(
            Amendment.dose_id == dose.id, Amendment.status.in_(("PENDING", "APPROVED"))
        )
    ):
        raise Problem("amendment_open", field="dose_id")
    amendment = Amendment(
        dose_id=dose.id,
        kind=kind,
        changes={k: str(v) for k, v in changes.items()},
        reason=reason.strip()[:500],
        status="PENDING",
        requested_by=staff.id,
        requested_at=clock.now(),
    )
    session.add(amendment)
    session.flush()
    trail.record(
        session,
        "vaccination:amendment:requested",
        actor_type="staff",
        actor_id=staff.id,
        target_type="dose",
        target_id=dose.id,
        amendment_id=amendment.id,
        kind=kind,
        fields=sorted(changes),
    )
    return amendment


def decide_amendment(
    session: Session, staff: StaffAccount, amendment_id: str, approve: bool
) -> Amendment:
    amendment = session.get(Amendment, amendment_id)
    if amendment is None:
        raise Problem("not_found")
    original = doses.get_dose(session, amendment.dose_id)
    _supervisor(session, staff, original.ppv_code, amendment.requested_by)
    if amendment.status != "PENDING":
        raise Problem("amendment_open", field="amendment_id")
    if approve and amendment.kind == "CORRECT":
        amendment.replacement_id = _replace(session, staff, original, amendment).id
    elif approve:
        stock.give_back(session, original.ppv_code, original.batch_id)
    amendment.status = "APPROVED" if approve else "REJECTED"
    amendment.decided_by = staff.id
    amendment.decided_at = clock.now()
    hooks.emit(events.AMENDMENT_DECIDED, session, amendment=amendment, original=original)
    trail.record(
        session,
        f"vaccination:amendment:{'approved' if approve else 'rejected'}",
        actor_type="staff",
        actor_id=staff.id,
        target_type="dose",
        target_id=original.id,
        amendment_id=amendment.id,
        replacement_id=amendment.replacement_id,
    )
    session.flush()
    return amendment


def _replace(
    session: Session, supervisor: StaffAccount, original: Dose, amendment: Amendment
) -> Dose:
    """The corrected record, checked by the same rules (the late-entry rule aside: a
    supervisor is approving it now), with stock moved when the batch changes."""
    changes = amendment.changes
    data = doses.DoseInput(
        person_id=changes.get("person_id", original.person_id),
        dose_number=int(changes.get("dose_number", original.dose_number)),
        product=changes.get("product", original.product),
        batch_id=changes.get("batch_id", original.batch_id),
        ppv_code=original.ppv_code,
        administered_at=(
            datetime.fromisoformat(changes["administered_at"])
            if "administered_at" in changes
            else original.administered_at
        ),
        client_id=f"amendment:{amendment.id}",
        late_entry_id=original.late_entry_id,
    )
    received = clock.now()
    checked = doses.check(
        session,
        supervisor,
        data,
        received,
        assignment_rule=False,
        late_rule=False,
        exclude=original.id,
    )
    with session.begin_nested():
        if data.batch_id != original.batch_id:
            stock.take(session, original.ppv_code, data.batch_id)
            stock.give_back(session, original.ppv_code, original.batch_id)
        data = replace(data, late_entry_id=original.late_entry_id)
        return doses._insert(session, original.vaccinator_id, data, checked, "AMENDMENT", received)


def may_request(session: Session, staff: StaffAccount, code: str) -> bool:
    """Vaccinators and supervisors working at the centre ask for late entries and amendments."""
    return centres.works_at(session, staff, code, "VACCINATOR") or centres.works_at(
        session, staff, code, "SUPERVISOR"
    )


def may_approve(session: Session, staff: StaffAccount, code: str) -> bool:
    return centres.works_at(session, staff, code, "SUPERVISOR")


def late_entries(session: Session, code: str, limit: int = 50) -> list[LateEntry]:
    query = select(LateEntry).where(LateEntry.ppv_code == code)
    return list(session.scalars(query.order_by(LateEntry.requested_at.desc()).limit(limit)))


def amendments(session: Session, code: str, limit: int = 50) -> list[tuple[Amendment, Dose]]:
    query = (
        select(Amendment, Dose)
        .join(Dose, Dose.id == Amendment.dose_id)
        .where(Dose.ppv_code == code)
        .order_by(Amendment.requested_at.desc())
        .limit(limit)
    )
    return [(a, d) for a, d in session.execute(query)]
