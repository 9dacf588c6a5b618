"""MyRisk's rules: give a person a status, know their current one, end statuses.

Every status given is a row of ``risk_statuses`` and stays there (the history). Of a person's
rows that still stand (not ended, not expired), the one with the highest precedence is current
(ties: the one that lasts longest, then the newest, then the one already current; the rules
are :mod:`sihat.risk.standing`, shared with the bulk path :mod:`sihat.risk.bulk`); the
database holds at most one current row per person. A lower status never replaces a higher
current one: it is kept as IGNORED and becomes current if the higher one ends first (a
retracted case falls back to, say, the close contact the person also was). LOW_RISK is never
stored: it is what a person with no current row has.

Writers of one person are serialised (a transaction-scoped advisory lock on PostgreSQL;
SQLite's ``BEGIN IMMEDIATE`` already does it), so concurrent callers all succeed in turn; if
the database still refuses a second current row, the caller gets a clean ``conflict``.
Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import is_sqlite
from sihat.core.errors import Problem
from sihat.risk import notices, standing, statuses
from sihat.risk.models import RiskStatus, RiskView
from sihat.risk.policy import Policy, load
from sihat.risk.standing import Settled
from sihat.risk.statuses import LOW_RISK


@dataclass(frozen=True)
class Current:
    """A person's status as shown: LOW_RISK (no row) or their current row."""

    person_id: str
    status: str
    reason: str
    source: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    policy_version: str | None = None

    @classmethod
    def of(cls, person_id: str, row: RiskStatus | None) -> Current:
        if row is None:
            return cls(person_id, LOW_RISK, "no_risk")
        return cls(
            person_id,
            row.status,
            row.reason,
            row.source,
            row.starts_at,
            row.expires_at,
            row.policy_version,
        )


def set_status(
    session: Session,
    person_id: str,
    status: str,
    *,
    source: str,
    source_ref: str | None,
    reason: str,
    starts_at: datetime,
    fully_vaccinated: bool = False,
    symptomatic: bool | None = None,
    policy: Policy | None = None,
) -> RiskStatus:
    """Give ``person_id`` a status under the policy version in force on ``starts_at``'s
    Malaysia date; returns the new history row (``outcome`` APPLIED if it became current,
    IGNORED if a higher or longer status stands)."""
    statuses.check(status, source, reason)
    policy = policy or load()
    version = policy.at(starts_at)
    now = clock.now()
    starts = clock.as_utc(starts_at)
    lock_person(session, person_id)
    row = RiskStatus(
        person_id=person_id,
        status=status,
        reason=reason,
        source=source,
        source_ref=source_ref,
        policy_version=version.id,
        starts_at=starts,
        expires_at=starts
        + version.duration(status, fully_vaccinated=fully_vaccinated, symptomatic=symptomatic),
        created_at=now,
    )
    standing.arrive(row, now)
    session.add(row)
    session.flush()
    standing.outcome(row, settle(session, person_id, policy))
    session.flush()
    trail.record(
        session,
        "risk:status:given",
        actor_type="system",
        target_type="person",
        target_id=person_id,
        status=status,
        source=source,
        outcome=row.outcome,
        policy_version=version.id,
    )
    return row


def lock_person(session: Session, person_id: str) -> None:
    """Serialise the writers of one person's statuses until the transaction ends."""
    if not is_sqlite(session):
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": f"risk:{person_id}"},
        )


def settle(session: Session, person_id: str, policy: Policy | None = None) -> Settled[RiskStatus]:
    """Make the right row current for ``person_id`` (ending the expired ones) and tell the
    person when what they see changes (the rules: :mod:`sihat.risk.standing`)."""
    policy = policy or load()
    rows = list(
        session.scalars(
            select(RiskStatus).where(
                RiskStatus.person_id == person_id,
                (RiskStatus.ended_at.is_(None)) | (RiskStatus.is_current),
            )
        )
    )
    settled = standing.settle(rows, clock.now(), policy)
    if not settled.moved:
        session.flush()
        return settled
    before, after = settled.before, settled.after
    try:
        with session.begin_nested():
            if before is not None:  # off first: the database allows one current row
                before.is_current = False
                session.flush()
            if after is not None:
                after.is_current = True
                session.flush()
    except IntegrityError as exc:
        raise Problem("conflict") from exc
    told = settled.notice()
    if told is not None:
        notices.status_changed(session, person_id, *told)
    return settled


def current(session: Session, person_id: str) -> Current:
    """The status a person sees now (LOW_RISK when none stands), read without writing: the
    best of the rows not ended and not expired, so a status past its expiry is not shown even
    before the expiry job has run, and what stands behind it shows at once."""
    rows = session.scalars(
        select(RiskStatus).where(
            RiskStatus.person_id == person_id,
            RiskStatus.ended_at.is_(None),
            RiskStatus.expires_at > clock.now(),
        )
    )
    return Current.of(person_id, standing.best(list(rows), load()))


def history(session: Session, person_id: str, limit: int = 100) -> list[RiskStatus]:
    """Every status given to the person, newest first."""
    query = (
        select(RiskStatus)
        .where(RiskStatus.person_id == person_id)
        .order_by(RiskStatus.created_at.desc(), RiskStatus.starts_at.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def end_from_source(
    session: Session, person_id: str, *, source: str, source_ref: str, end_reason: str
) -> int:
    """End the person's standing statuses that came from ``source_ref`` (history kept) and let
    what else applies become current. Idempotent; returns how many rows ended."""
    lock_person(session, person_id)
    rows = list(
        session.scalars(
            select(RiskStatus).where(
                RiskStatus.person_id == person_id,
                RiskStatus.source == source,
                RiskStatus.source_ref == source_ref,
                RiskStatus.ended_at.is_(None),
            )
        )
    )
    now = clock.now()
    for row in rows:
        row.ended_at, row.end_reason = now, end_reason
    ended = len(rows)
    if ended:
        settle(session, person_id)
        trail.record(
            session,
            "risk:status:ended",
            actor_type="system",
            target_type="person",
            target_id=person_id,
            source=source,
            end_reason=end_reason,
        )
    return ended


def expire(session: Session, limit: int = 1000) -> int:
    """End the statuses whose time is up, at most ``limit`` people at a time; returns how many
    people were settled (0 when nothing was due: running it again changes nothing)."""
    due = list(
        session.scalars(
            select(RiskStatus.person_id)
            .where(RiskStatus.ended_at.is_(None), RiskStatus.expires_at <= clock.now())
            .distinct()
            .limit(limit)
        )
    )
    for person_id in due:
        lock_person(session, person_id)
        settle(session, person_id)
    if due:
        trail.record(session, "risk:statuses:expired", actor_type="system", people=len(due))
    return len(due)


def count_view(session: Session, day: date | None = None) -> None:
    """One more view of a risk status today (Malaysia date)."""
    day = day or clock.today_my()
    bump = {"count": RiskView.count + 1}
    if is_sqlite(session):
        lite = sqlite.insert(RiskView).values(day=day, count=1)
        session.execute(lite.on_conflict_do_update(index_elements=[RiskView.day], set_=bump))
    else:
        pg = postgresql.insert(RiskView).values(day=day, count=1)
        session.execute(pg.on_conflict_do_update(index_elements=[RiskView.day], set_=bump))


def views(session: Session, day: date) -> int:
    return session.scalar(select(RiskView.count).where(RiskView.day == day)) or 0
