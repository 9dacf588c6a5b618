"""Recording lab results as cases, confirming provisional ones, and listing an officer's cases.
Services flush, never commit; every state change writes its audit event in the same
transaction and announces itself through ``core.hooks`` (names in ``cases/events.py``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.cases import access, events
from sihat.cases.models import CATEGORIES, SOURCES, STATUSES, Case
from sihat.core import clock, geo, hooks, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.identity import documents
from sihat.identity import service as identity
from sihat.staff.models import StaffAccount

MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")
# The policy: which sources arrive confirmed; the others wait for an officer to confirm them.
AUTO_CONFIRM = frozenset({"LAB_RTPCR", "PRO_RTKAG", "IMPORTED"})
_SPECIMEN = re.compile(r"[A-Za-z0-9_/-]{1,60}")
_districts = functools.cache(geo.districts)


@dataclass(frozen=True)
class LabResult:
    """One positive result as it arrives (page, API or CSV row); field names are the CSV's."""

    specimen_id: str
    id_type: str
    id_number: str
    source: str
    sample_at: datetime
    category: int
    state: str
    district: str
    onset_at: datetime | None = None
    isolated_at: datetime | None = None
    issuing_country: str | None = None


@dataclass(frozen=True)
class Recorded:
    case: Case
    created: bool  # False: the specimen was already recorded (a duplicate, nothing written)


def parse_time(raw: str | None, column: str, *, required: bool = False) -> datetime | None:
    """ISO 8601; without an offset the time is Malaysia time (as in MoH's line lists)."""
    text = (raw or "").strip()
    if not text:
        if required:
            raise Problem(
                "case_invalid_time", field=column, reason="required", reason_ms="diperlukan"
            )
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Problem(
            "case_invalid_time",
            field=column,
            reason="not an ISO 8601 time",
            reason_ms="bukan masa ISO 8601",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=MALAYSIA)
    return clock.as_utc(moment)


def parse_required_time(raw: str | None, column: str) -> datetime:
    moment = parse_time(raw, column, required=True)
    assert moment is not None
    return moment


def _check(result: LabResult) -> None:
    if not _SPECIMEN.fullmatch(result.specimen_id or ""):
        raise Problem("case_invalid_specimen", field="specimen_id")
    if result.source not in SOURCES:
        raise Problem("case_invalid_source", field="source")
    if result.category not in CATEGORIES:
        raise Problem("case_invalid_category", field="category")
    if result.district not in _districts().get(result.state, []):
        raise Problem("case_invalid_district", field="district")
    now = clock.now()
    for column in ("sample_at", "onset_at", "isolated_at"):
        moment = getattr(result, column)
        if moment is not None and moment > now + timedelta(minutes=5):
            raise Problem(
                "case_invalid_time",
                field=column,
                reason="in the future",
                reason_ms="pada masa depan",
            )
    if result.isolated_at is not None and result.isolated_at < result.sample_at - timedelta(
        days=30
    ):
        raise Problem(
            "case_invalid_time",
            field="isolated_at",
            reason="more than 30 days before the sample",
            reason_ms="lebih 30 hari sebelum sampel",
        )


def _same(case: Case, person_id: str, result: LabResult) -> bool:
    return (
        case.person_id == person_id
        and case.source == result.source
        and case.sample_at == result.sample_at
    )


def _next_case_no(session: Session, year: int) -> str:
    prefix = f"KES-{year}-"
    last = session.scalar(select(func.max(Case.case_no)).where(Case.case_no.like(prefix + "%")))
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:06d}"


def record_result(
    session: Session,
    staff: StaffAccount | None,
    result: LabResult,
    *,
    channel: str,
    auto_confirm: bool | None = None,
    actor_type: str = "cli",
    actor_id: str | None = None,
) -> Recorded:
    """A case from one positive result. The same specimen again is a duplicate: nothing is
    written and the existing case is returned; the same specimen with another person or
    other details is ``case_specimen_conflict``. ``staff`` is ``None`` for the command line
    (its operator has the database) and for a person's own self-test (``actor_type``
    ``account``); an officer records only in their own area. ``auto_confirm`` overrides the
    policy of :data:`AUTO_CONFIRM` (the self-test policy file decides for self-tests)."""
    _check(result)
    if staff is not None:
        access.require_officer(staff)
        if not access.covers(staff, result.state, result.district):
            raise Problem("forbidden", field="district")
    checked = documents.check(
        result.id_type,
        result.id_number,
        today=clock.today_my(),
        issuing_country=result.issuing_country,
    )
    person = identity.find_person(session, checked.id_type, checked.normalised)
    if person is None:
        raise Problem("case_person_unknown", field="id_number")
    existing = session.scalar(select(Case).where(Case.specimen_id == result.specimen_id))
    if existing is not None:
        if not _same(existing, person.id, result):
            raise Problem("case_specimen_conflict", field="specimen_id")
        return Recorded(existing, False)
    now = clock.now()
    confirmed = result.source in AUTO_CONFIRM if auto_confirm is None else auto_confirm
    status = "CONFIRMED" if confirmed else "PROVISIONAL"
    year = clock.malaysia_date(now).year
    for _attempt in range(5):
        case = Case(
            case_no=_next_case_no(session, year),
            person_id=person.id,
            source=result.source,
            specimen_id=result.specimen_id,
            sample_at=result.sample_at,
            onset_at=result.onset_at,
            isolated_at=result.isolated_at,
            category=result.category,
            state=result.state,
            district=result.district,
            status=status,
            channel=channel,
            recorded_by=staff.id if staff else None,
            recorded_at=now,
            confirmed_at=now if status == "CONFIRMED" else None,
        )
        if try_add(session, case):
            break
        # Another writer took this number or this specimen at the same moment.
        again = session.scalar(select(Case).where(Case.specimen_id == result.specimen_id))
        if again is not None:
            if not _same(again, person.id, result):
                raise Problem("case_specimen_conflict", field="specimen_id")
            return Recorded(again, False)
    else:
        raise Problem("conflict")
    trail.record(
        session,
        "cases:case:recorded",
        actor_type="staff" if staff else actor_type,
        actor_id=staff.id if staff else actor_id,
        target_type="case",
        target_id=case.id,
        case_no=case.case_no,
        source=case.source,
        status=case.status,
        channel=channel,
    )
    if status == "CONFIRMED":
        _announce_confirmed(session, case)
    return Recorded(case, True)


def _announce_confirmed(session: Session, case: Case) -> None:
    hooks.emit(
        events.CASE_CONFIRMED,
        session,
        person_id=case.person_id,
        case_ref=case.id,
        sample_at=case.sample_at,
        onset_at=case.onset_at,
    )


def confirm(session: Session, staff: StaffAccount, case_id: str) -> Case:
    """PROVISIONAL -> CONFIRMED, by an officer with authority over the case's district."""
    case = access.get_case(session, staff, case_id)
    if case.status != "PROVISIONAL":
        raise Problem("case_wrong_status")
    case.status, case.confirmed_at = "CONFIRMED", clock.now()
    session.flush()
    trail.record(
        session,
        "cases:case:confirmed",
        actor_type="staff",
        actor_id=staff.id,
        target_type="case",
        target_id=case.id,
    )
    _announce_confirmed(session, case)
    return case


def list_cases(
    session: Session,
    staff: StaffAccount,
    *,
    status: str | None = None,
    sampled_from: date | None = None,
    sampled_to: date | None = None,
    limit: int = 200,
) -> list[Case]:
    """The officer's cases, newest sample first, filtered by status and Malaysia sample date."""
    access.require_officer(staff)
    query = select(Case).where(access.area(staff))
    if status in STATUSES:
        query = query.where(Case.status == status)
    if sampled_from is not None:
        start = datetime.combine(sampled_from, datetime.min.time(), MALAYSIA)
        query = query.where(Case.sample_at >= clock.as_utc(start))
    if sampled_to is not None:
        end = datetime.combine(sampled_to + timedelta(days=1), datetime.min.time(), MALAYSIA)
        query = query.where(Case.sample_at < clock.as_utc(end))
    return list(session.scalars(query.order_by(Case.sample_at.desc()).limit(limit)))
