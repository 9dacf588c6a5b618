"""Contacts of confirmed cases on the live database, recorded as MyRisk exposures.

Casual contacts come from the check-ins through the one implementation of
``tracing.md`` §1 (``sihat.tracing.engine``, the same SQL the CLI and Spark run); close
contacts are the case's household (``identity.access.household``). Both go through
``risk.exposures.record_exposures``, which is idempotent: tracing a case twice records no
second exposure, status or notice. A case is traced at once when it is confirmed (listener of
``cases.events.CASE_CONFIRMED``, wired in ``sihat.bootstrap``) and again by the daily job
(cases confirmed in the last two days), which picks up check-ins uploaded late.

For one case only the check-ins that can matter are read: the case's own around its window,
the visits at the premises it visited, and the next check-ins of those visitors (rule 2's
"next check-in anywhere" within the default visit length). Manual visitors without a person
(a phone only) cannot be given a status; they are counted and left to the health office.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.checkins.models import CheckIn
from sihat.core import clock, trail
from sihat.core.db import Database
from sihat.identity.access import household
from sihat.risk import immunity
from sihat.risk.exposures import ExposureCounts, ExposureIn, record_exposures
from sihat.tracing import engine
from sihat.tracing.policy import Policy
from sihat.tracing.policy import load as load_policy

LOOKBACK = timedelta(days=2)  # the daily job re-traces cases confirmed this recently
_LONG_STAY = timedelta(hours=24)  # a visit checked out explicitly may have begun this early


@dataclass
class Traced:
    cases: int = 0
    casual: int = 0
    close: int = 0
    without_person: int = 0
    exposures: ExposureCounts = field(default_factory=ExposureCounts)


def _window(case: Case, policy: Policy) -> tuple[datetime, datetime]:
    p = policy.parameters()
    start = (case.onset_at or case.sample_at) - timedelta(days=p["infectious_days_before"])
    end = case.isolated_at or case.sample_at + timedelta(hours=p["default_isolation_hours"])
    return clock.as_utc(start), clock.as_utc(end)


def _visits(session: Session, where: Iterable[object]) -> list[CheckIn]:
    return list(session.scalars(select(CheckIn).where(and_(*where))))  # type: ignore[arg-type]


def relevant_visits(session: Session, case: Case, policy: Policy) -> list[CheckIn]:
    """Every check-in the contract's rules need to find this case's casual contacts."""
    p = policy.parameters()
    visit = timedelta(minutes=p["default_visit_minutes"])
    linger = timedelta(minutes=p["linger_minutes"])
    start, end = _window(case, policy)
    own = _visits(
        session,
        [
            CheckIn.individual == case.person_id,
            CheckIn.checked_in_at >= start - _LONG_STAY,
            CheckIn.checked_in_at < end + visit,
        ],
    )
    premises = {v.premise_id for v in own}
    if not premises:
        return own
    there = _visits(
        session,
        [
            CheckIn.premise_id.in_(premises),
            CheckIn.checked_in_at >= start - _LONG_STAY,
            CheckIn.checked_in_at < end + visit + linger,
        ],
    )
    others = {v.individual for v in there} - {case.person_id}
    later = (
        _visits(
            session,
            [
                CheckIn.individual.in_(others),
                CheckIn.checked_in_at >= start - _LONG_STAY,
                CheckIn.checked_in_at < end + 2 * visit + linger,
            ],
        )
        if others
        else []
    )
    unique = {v.id: v for v in (*own, *there, *later)}
    return list(unique.values())


def _row(v: CheckIn) -> dict[str, object]:
    return {
        "visit_id": str(v.id),
        "individual": v.individual,
        "premise_id": v.premise_id,
        "checked_in_at": clock.as_utc(v.checked_in_at),
        "checked_out_at": clock.as_utc(v.checked_out_at) if v.checked_out_at else None,
    }


def _already_cases(session: Session, people: set[str]) -> dict[str, datetime]:
    """Rule 5's "already a case": each person's earliest confirmed sample."""
    if not people:
        return {}
    found: dict[str, datetime] = {}
    rows = session.execute(
        select(Case.person_id, Case.sample_at).where(
            Case.person_id.in_(people), Case.status == "CONFIRMED"
        )
    )
    for person_id, sample_at in rows:
        at = clock.as_utc(sample_at)
        found[person_id] = min(found.get(person_id, at), at)
    return found


def casual_contacts(session: Session, case: Case, policy: Policy) -> list[ExposureIn]:
    visits = relevant_visits(session, case, policy)
    result = engine.casual_contacts(
        [_row(v) for v in visits],
        [
            {
                "case_id": case.id,
                "individual": case.person_id,
                "sample_at": clock.as_utc(case.sample_at),
                "onset_at": clock.as_utc(case.onset_at) if case.onset_at else None,
                "isolated_at": clock.as_utc(case.isolated_at) if case.isolated_at else None,
            }
        ],
        policy,
    )
    by_id = {str(v.id): v for v in visits}
    people = {e.contact_individual for e in result.exposures if by_id[e.contact_visit_id].person_id}
    earlier = _already_cases(session, people)
    rows = []
    for e in result.exposures:
        contact = by_id[e.contact_visit_id]
        if contact.person_id is None:
            continue  # a manual visitor known only by phone
        sampled = earlier.get(contact.person_id)
        if sampled is not None and sampled <= clock.as_utc(contact.checked_in_at):
            continue
        rows.append(
            ExposureIn(
                "CASUAL",
                case.id,
                contact.person_id,
                e.exposed_on,
                e.premise_id,
                e.overlap_minutes,
            )
        )
    return rows


def close_contacts(session: Session, case: Case) -> list[ExposureIn]:
    day = clock.malaysia_date(case.onset_at or case.sample_at)
    return [
        ExposureIn("CLOSE", case.id, person, day)
        for person in sorted(household(session, case.person_id))
    ]


def trace_case(session: Session, case: Case, policy: Policy | None = None) -> Traced:
    """Record the contacts of one confirmed case (idempotent)."""
    policy = policy or load_policy()
    casual = casual_contacts(session, case, policy)
    close = close_contacts(session, case)
    close_people = {r.person_id for r in close}
    casual = [r for r in casual if r.person_id not in close_people]
    done = Traced(cases=1, casual=len(casual), close=len(close))
    rows = [*close, *casual]
    vaccinated = immunity.fully_vaccinated(session, sorted({r.person_id for r in rows}))
    done.exposures = record_exposures(session, rows, fully_vaccinated=vaccinated)
    if done.exposures.created:
        trail.record(
            session,
            "cases:case:traced",
            actor_type="system",
            target_type="case",
            target_id=case.id,
            policy=policy.version,
            casual=done.casual,
            close=done.close,
            new_exposures=done.exposures.created,
        )
    return done


def on_case_confirmed(session: Session, *, case_ref: str, **_details: object) -> None:
    """Trace a case the moment it is confirmed, in the confirming transaction."""
    case = session.get(Case, case_ref)
    if case is not None and case.status == "CONFIRMED":
        trace_case(session, case)


def trace_recent(database: Database) -> Traced:
    """The daily job: every case confirmed in the last :data:`LOOKBACK`, traced again (late
    check-ins are found; what was recorded before is not recorded twice)."""
    total = Traced()
    policy = load_policy()
    since = clock.now() - LOOKBACK
    with database.unit_of_work() as session:
        ids = list(
            session.scalars(
                select(Case.id).where(Case.status == "CONFIRMED", Case.confirmed_at >= since)
            )
        )
    for case_id in ids:  # one transaction per case: a large day never holds one long lock
        with database.unit_of_work() as session:
            case = session.get(Case, case_id)
            if case is None or case.status != "CONFIRMED":
                continue
            done = trace_case(session, case, policy)
            total.cases += 1
            total.casual += done.casual
            total.close += done.close
            total.exposures.created += done.exposures.created
    return total
