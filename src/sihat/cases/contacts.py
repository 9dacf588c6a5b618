"""Contacts of confirmed cases on the live database, recorded as MyRisk exposures.

Casual contacts come from the check-ins through the one implementation of
``tracing.md`` §1 (``sihat.tracing.engine``, the same SQL the CLI and Spark run); close
contacts are the case's household (``identity.access.household``). Both go through
``risk.exposures.record_exposures``, which is idempotent: tracing a case twice records no
second exposure, status or notice. A case is traced at once when it is confirmed (listener of
``cases.events.CASE_CONFIRMED``, wired in ``sihat.bootstrap``) and again by the daily job
(cases confirmed in the last two days), which picks up check-ins uploaded late.

Cases are traced in batches (:func:`trace_cases`; the confirmation is a batch of one): the
check-ins the rules can need for the whole batch are read in a few set-based statements
(:mod:`sihat.cases.reads`), the engine runs once over them, rule 5 and the households are read
once, and the new exposures go through the bulk path together. The daily job takes
:data:`BATCH` cases per transaction, so a crash loses at most one batch and a re-run completes
it. Manual visitors without a person (a phone only) cannot be given a status; they are left to
the health office.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.cases import reads
from sihat.cases.models import Case
from sihat.core import clock, trail
from sihat.core.db import Database
from sihat.risk import immunity
from sihat.risk.exposures import ExposureCounts, ExposureIn, record_exposures
from sihat.risk.models import Exposure
from sihat.tracing import engine
from sihat.tracing.policy import Policy
from sihat.tracing.policy import load as load_policy

LOOKBACK = timedelta(days=2)  # the daily job re-traces cases confirmed this recently
BATCH = 200  # cases per batch in the daily job (one engine run, one read transaction)
WRITE_CHUNK = 1000  # new exposures per write transaction: as many status locks held at once


@dataclass
class Traced:
    cases: int = 0
    casual: int = 0
    close: int = 0
    exposures: ExposureCounts = field(default_factory=ExposureCounts)

    def add(self, other: Traced) -> None:
        self.cases += other.cases
        self.casual += other.casual
        self.close += other.close
        mine, theirs = self.exposures, other.exposures
        for name in ("received", "created", "known", "statuses", "notified"):
            setattr(mine, name, getattr(mine, name) + getattr(theirs, name))
        for kind, n in theirs.by_kind.items():
            mine.by_kind[kind] = mine.by_kind.get(kind, 0) + n


_LONG_AGO = datetime(1970, 1, 2, tzinfo=UTC)  # the end of an empty window


def casual_contacts(
    session: Session, cases: Sequence[Case], policy: Policy
) -> dict[str, list[ExposureIn]]:
    """Each case's casual contacts with a person.

    Rule 5 ("already a case") is the register's: every visitor who is a confirmed case is
    given to the engine as a case of its own, with the person's earliest sample and an empty
    window (it is traced for nothing), so that a visit at or after that sample is never a
    contact while an earlier visit of the same person still can be (rule 6 chooses among the
    visits rule 5 leaves)."""
    found: dict[str, list[ExposureIn]] = {case.id: [] for case in cases}
    visits = reads.relevant_visits(session, cases, policy)
    if visits.num_rows == 0:
        return found
    rows: list[dict[str, object]] = [
        {
            "case_id": case.id,
            "individual": case.person_id,
            "sample_at": clock.as_utc(case.sample_at),
            "onset_at": clock.as_utc(case.onset_at) if case.onset_at else None,
            "isolated_at": clock.as_utc(case.isolated_at) if case.isolated_at else None,
        }
        for case in cases
    ]
    people = [p for p in pc.unique(visits["person_id"]).to_pylist() if p]
    earlier = reads.already_cases(session, people)
    cased = visits.filter(pc.is_in(visits["person_id"], pa.array(sorted(earlier), pa.string())))
    already = sorted(
        {
            (individual, earlier[person])
            for individual, person in zip(
                cased["individual"].to_pylist(), cased["person_id"].to_pylist(), strict=True
            )
        }
    )
    rows.extend(
        {
            "case_id": f"already:{n}",
            "individual": individual,
            "sample_at": sampled,
            "onset_at": None,
            "isolated_at": _LONG_AGO,
        }
        for n, (individual, sampled) in enumerate(already)
    )
    con = duckdb.connect(":memory:")
    try:
        engine_visits = con.from_arrow(visits.drop_columns(["person_id"]))
        result = engine.casual_contacts(engine_visits, rows, policy, con=con)
    finally:
        con.close()
    # Each exposure's contact visit -> its person (the visits hold each id once).
    contact_ids = pa.array(sorted({e.contact_visit_id for e in result.exposures}), pa.string())
    hit = visits.filter(pc.is_in(visits["visit_id"], contact_ids))
    person_of = dict(zip(hit["visit_id"].to_pylist(), hit["person_id"].to_pylist(), strict=True))
    for e in result.exposures:  # in the engine's order: by case, then contact
        person = person_of[e.contact_visit_id]
        if e.case_id not in found or person is None:
            continue  # rule 5's stand-in, or a manual visitor known only by phone
        found[e.case_id].append(
            ExposureIn("CASUAL", e.case_id, person, e.exposed_on, e.premise_id, e.overlap_minutes)
        )
    return found


def close_contacts(session: Session, cases: Sequence[Case]) -> dict[str, list[ExposureIn]]:
    """Each case's household, as close contacts."""
    homes = reads.households(session, {case.person_id for case in cases})
    found = {}
    for case in cases:
        day = clock.malaysia_date(case.onset_at or case.sample_at)
        found[case.id] = [
            ExposureIn("CLOSE", case.id, person, day) for person in sorted(homes[case.person_id])
        ]
    return found


def _known(session: Session, cases: Sequence[Case]) -> set[tuple[str, str, str]]:
    """The keys already recorded for ``cases`` (a re-run finds them all: nothing to lock)."""
    known: set[tuple[str, str, str]] = set()
    for group in reads.chunks(sorted(case.id for case in cases), reads.IN_LIST):
        known.update(
            (case_ref, person_id, kind)
            for case_ref, person_id, kind in session.execute(
                select(Exposure.case_ref, Exposure.person_id, Exposure.kind).where(
                    Exposure.case_ref.in_(group)
                )
            )
        )
    return known


@dataclass
class Plan:
    """What tracing a batch of cases found: the exposures not recorded yet, in the order
    ``record_exposures`` takes them (one per key), and each case's counts."""

    policy: Policy
    new: list[ExposureIn]
    counts: dict[str, tuple[int, int]]  # case id -> (casual, close)
    traced: Traced  # the cases, their contacts, and the exposures found already recorded


def plan(session: Session, cases: Sequence[Case], policy: Policy) -> Plan:
    """Find the contacts of confirmed ``cases`` (reads only)."""
    cases = sorted(cases, key=lambda c: c.id)
    done = Traced(cases=len(cases))
    found = Plan(policy, [], {}, done)
    if not cases:
        return found
    casual = casual_contacts(session, cases, policy)
    close = close_contacts(session, cases)
    rows: list[ExposureIn] = []
    for case in cases:
        close_people = {r.person_id for r in close[case.id]}
        mine = [r for r in casual[case.id] if r.person_id not in close_people]
        found.counts[case.id] = (len(mine), len(close[case.id]))
        done.casual += len(mine)
        done.close += len(close[case.id])
        rows.extend([*close[case.id], *mine])
    known = _known(session, cases)
    # One per key (the last reported), case by case (in case id order, then person, as
    # record_exposures orders a part): each person gets their exposures in case order however
    # they are cut into write transactions, as when the cases are traced one by one, and a
    # write transaction holds one case's exposures or a few (an audit event per case in it).
    ordered = sorted(rows, key=lambda r: (r.case_ref, r.person_id, r.kind))
    found.new = [r for r in {r.key: r for r in ordered}.values() if r.key not in known]
    done.exposures.received = done.exposures.known = len(rows) - len(found.new)
    return found


def record(session: Session, found: Plan, rows: Sequence[ExposureIn]) -> ExposureCounts:
    """Record ``rows`` (some of ``found.new``) with their statuses and notices, and an audit
    event for each case with new exposures among them."""
    if not rows:
        return ExposureCounts()
    vaccinated = immunity.fully_vaccinated(session, sorted({r.person_id for r in rows}))
    counts = record_exposures(session, rows, fully_vaccinated=vaccinated)
    created = Counter(r.case_ref for r in rows)
    for case_id in sorted(created):
        casual, close = found.counts[case_id]
        trail.record(
            session,
            "cases:case:traced",
            actor_type="system",
            target_type="case",
            target_id=case_id,
            policy=found.policy.version,
            casual=casual,
            close=close,
            new_exposures=created[case_id],
        )
    return counts


def trace_cases(session: Session, cases: Sequence[Case], policy: Policy | None = None) -> Traced:
    """Record the contacts of confirmed ``cases`` at once (idempotent), in the caller's
    transaction."""
    found = plan(session, cases, policy or load_policy())
    done = found.traced
    done.add(Traced(exposures=record(session, found, found.new)))
    return done


def trace_case(session: Session, case: Case, policy: Policy | None = None) -> Traced:
    """Record the contacts of one confirmed case (idempotent): a batch of one."""
    return trace_cases(session, [case], policy)


def on_case_confirmed(session: Session, *, case_ref: str, **_details: object) -> None:
    """Trace a case the moment it is confirmed, in the confirming transaction."""
    case = session.get(Case, case_ref)
    if case is not None and case.status == "CONFIRMED":
        trace_case(session, case)


def trace_recent(
    database: Database, batch: int = BATCH, on_batch: Callable[[Traced], None] | None = None
) -> Traced:
    """The daily job: every case confirmed in the last :data:`LOOKBACK`, traced again (late
    check-ins are found; what was recorded before is not recorded twice), ``batch`` cases at
    a time in case id order. Each batch is read in one transaction, and its new exposures are
    recorded in transactions of at most :data:`WRITE_CHUNK` (each holds its people's status
    locks until it commits); a crash loses at most one of them, and a re-run completes it."""
    total = Traced()
    policy = load_policy()
    since = clock.now() - LOOKBACK
    with database.unit_of_work() as session:
        ids = sorted(
            session.scalars(
                select(Case.id).where(Case.status == "CONFIRMED", Case.confirmed_at >= since)
            )
        )
    for group in reads.chunks(ids, batch):
        with database.unit_of_work() as session:
            cases = session.scalars(
                select(Case).where(Case.id.in_(group), Case.status == "CONFIRMED")
            ).all()
            found = plan(session, cases, policy)
        total.add(found.traced)
        for part in reads.chunks(found.new, WRITE_CHUNK):
            with database.unit_of_work() as session:
                total.add(Traced(exposures=record(session, found, part)))
        if on_batch is not None:
            on_batch(total)  # the totals so far, after each batch (a progress display)
    return total
