"""A case's visits in its infectious window, for the officer's per-case view (issue #12 part 2c).

The window follows ``shared/spec/tracing.md`` §1 rule 1 and the visit interval rule 2, as small
functions that the tracing engine's can replace. The view names premises, never other people:
for each premise it gives the case's visits and how many other individuals checked in there
while the case was there (or up to ``LINGER`` after). Every read is an audit event."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sihat.cases import access
from sihat.cases.models import Case
from sihat.checkins.models import CheckIn, Premise
from sihat.core import clock, trail
from sihat.staff.models import StaffAccount

INFECTIOUS_DAYS_BEFORE = 2
DEFAULT_ISOLATION = timedelta(hours=24)
DEFAULT_VISIT = timedelta(minutes=60)
LINGER = timedelta(minutes=30)
# A visit is looked for from this long before the window (a checked-out visit may be long).
LOOKBACK = timedelta(hours=24)


def infectious_window(
    sample_at: datetime, onset_at: datetime | None, isolated_at: datetime | None
) -> tuple[datetime, datetime]:
    """Rule 1: ``[(onset or sample) - 2 days, isolated_at or sample + 24 h)``, half-open."""
    start = clock.as_utc(onset_at or sample_at) - timedelta(days=INFECTIOUS_DAYS_BEFORE)
    end = clock.as_utc(isolated_at) if isolated_at else clock.as_utc(sample_at) + DEFAULT_ISOLATION
    return start, end


def visit_intervals(
    rows: list[tuple[datetime, datetime | None]],
) -> list[tuple[datetime, datetime]]:
    """Rule 2 for one individual's check-ins in time order: the check-out when later than the
    check-in, else the earlier of the next check-in anywhere and check-in + 60 minutes."""
    out = []
    for i, (start, checked_out) in enumerate(rows):
        start = clock.as_utc(start)
        if checked_out is not None and clock.as_utc(checked_out) > start:
            end = clock.as_utc(checked_out)
        else:
            end = start + DEFAULT_VISIT
            if i + 1 < len(rows):
                end = min(end, clock.as_utc(rows[i + 1][0]))
        out.append((start, end))
    return out


@dataclass
class PremiseVisits:
    premise_id: str
    name: str
    state: str
    district: str
    visits: list[tuple[datetime, datetime]] = field(default_factory=list)
    minutes: int = 0
    others: int = 0  # distinct other individuals checked in during a visit (+ linger)


@dataclass(frozen=True)
class CaseVisits:
    case: Case
    window: tuple[datetime, datetime]
    premises: list[PremiseVisits]

    @property
    def visit_count(self) -> int:
        return sum(len(p.visits) for p in self.premises)


def case_visits(session: Session, staff: StaffAccount, case_id: str) -> CaseVisits:
    """The case's visits cut to its window, grouped by premise; logged as a read."""
    case = access.get_case(session, staff, case_id)
    start, end = infectious_window(case.sample_at, case.onset_at, case.isolated_at)
    rows = session.execute(
        select(CheckIn.checked_in_at, CheckIn.checked_out_at, CheckIn.premise_id, CheckIn.id)
        .where(
            CheckIn.person_id == case.person_id,
            CheckIn.checked_in_at >= start - LOOKBACK,
            CheckIn.checked_in_at < end,
        )
        .order_by(CheckIn.checked_in_at, CheckIn.id)
    ).all()
    intervals = visit_intervals([(r.checked_in_at, r.checked_out_at) for r in rows])
    by_premise: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for r, (vs, ve) in zip(rows, intervals, strict=True):
        cut = (max(vs, start), min(ve, end))
        if cut[0] < cut[1]:
            by_premise[r.premise_id].append(cut)
    premises = []
    for premise in session.scalars(select(Premise).where(Premise.id.in_(list(by_premise)))):
        spans = by_premise[premise.id]
        others = session.scalar(
            select(func.count(func.distinct(CheckIn.individual))).where(
                CheckIn.premise_id == premise.id,
                or_(CheckIn.person_id.is_(None), CheckIn.person_id != case.person_id),
                or_(
                    *(
                        (CheckIn.checked_in_at >= vs) & (CheckIn.checked_in_at < ve + LINGER)
                        for vs, ve in spans
                    )
                ),
            )
        )
        premises.append(
            PremiseVisits(
                premise_id=premise.id,
                name=premise.name,
                state=premise.state,
                district=premise.district,
                visits=spans,
                minutes=round(sum((ve - vs).total_seconds() for vs, ve in spans) / 60),
                others=int(others or 0),
            )
        )
    premises.sort(key=lambda p: p.visits[0][0])
    trail.record(
        session,
        "cases:case:visits_read",
        actor_type="staff",
        actor_id=staff.id,
        target_type="case",
        target_id=case.id,
        visits=sum(len(p.visits) for p in premises),
        premises=len(premises),
    )
    return CaseVisits(case, (start, end), premises)
