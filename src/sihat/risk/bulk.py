"""Many statuses at once: the live tracing job gives thousands of people a status in one
transaction, with a handful of statements per chunk instead of about ten per status.

For a chunk of people: their status locks in one statement (the same locks as
``service.lock_person``, taken in person order so two writers never deadlock; SQLite's writer
lock already serialises), their rows that still stand read at once, then the statuses given
one after another in memory under the same rules as ``service.set_status``
(:mod:`sihat.risk.standing`), and the result written with one multi-row statement per kind
of change: rows whose ``is_current`` goes off, new rows, rows whose ``is_current`` comes on
(in that order, so the database's one-current-row index holds at every statement). The
notices go to the outbox with ``notifications.queue_many``. Services flush, never commit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import insert_many, is_sqlite, update_many
from sihat.core.errors import Problem
from sihat.risk import notices, standing, statuses
from sihat.risk.models import RiskStatus, new_id
from sihat.risk.policy import Policy

_IN_BATCH = 1000  # people per IN (...) list and per lock statement
_CHANGED = ("outcome", "is_current", "ended_at", "end_reason")


@dataclass(frozen=True)
class Give:
    """One status to give, with the arguments of ``service.set_status``."""

    person_id: str
    status: str
    source: str
    source_ref: str | None
    reason: str
    starts_at: datetime
    fully_vaccinated: bool = False
    symptomatic: bool | None = None


@dataclass(slots=True, eq=False)
class Plain:
    """A ``risk_statuses`` row in memory (a :class:`sihat.risk.standing.Row`)."""

    id: str
    person_id: str
    status: str
    reason: str
    source: str
    source_ref: str | None
    policy_version: str
    starts_at: datetime
    expires_at: datetime
    created_at: datetime
    outcome: str
    is_current: bool
    ended_at: datetime | None
    end_reason: str | None
    loaded: tuple[object, ...] | None = None  # the stored values of _CHANGED; None: new

    def changed(self) -> tuple[object, ...]:
        return (self.outcome, self.is_current, self.ended_at, self.end_reason)

    def values(self) -> dict[str, object]:
        return {k: getattr(self, k) for k in _COLUMNS}


_COLUMNS = (
    "id",
    "person_id",
    "status",
    "reason",
    "source",
    "source_ref",
    "policy_version",
    "starts_at",
    "expires_at",
    "created_at",
    "outcome",
    "is_current",
    "ended_at",
    "end_reason",
)


@dataclass
class Given:
    """What :func:`give_many` did: the new rows (in the order given) and the notices queued."""

    rows: list[Plain] = field(default_factory=list)
    notices: int = 0


def lock_people(session: Session, person_ids: Sequence[str]) -> None:
    """``service.lock_person`` for many people in one statement per thousand, in person order
    (PostgreSQL evaluates the lock calls after the sort)."""
    if is_sqlite(session):
        return
    people = sorted(set(person_ids))
    for start in range(0, len(people), _IN_BATCH):
        session.execute(
            text(
                "SELECT pg_advisory_xact_lock(hashtextextended('risk:' || p, 0)) "
                "FROM unnest(CAST(:people AS text[])) AS p ORDER BY p"
            ),
            {"people": people[start : start + _IN_BATCH]},
        )


def standing_rows(session: Session, person_ids: Sequence[str]) -> dict[str, list[Plain]]:
    """Each person's rows that are not ended, and the current one (what ``service.settle``
    reads), oldest first."""
    found: dict[str, list[Plain]] = {p: [] for p in person_ids}
    people = sorted(found)
    columns = [getattr(RiskStatus, k) for k in _COLUMNS]
    for start in range(0, len(people), _IN_BATCH):
        query = (
            select(*columns)
            .where(
                RiskStatus.person_id.in_(people[start : start + _IN_BATCH]),
                RiskStatus.ended_at.is_(None) | RiskStatus.is_current,
            )
            .order_by(RiskStatus.person_id, RiskStatus.created_at, RiskStatus.id)
        )
        for values in session.execute(query):
            row = Plain(*values)
            row.loaded = row.changed()
            found[row.person_id].append(row)
    return found


def give_many(session: Session, gives: Sequence[Give], policy: Policy) -> Given:
    """Give every status in ``gives``, in that order, as ``service.set_status`` called once
    for each would: the same rows, outcomes, current statuses and notices."""
    done = Given()
    if not gives:
        return done
    for g in gives:
        statuses.check(g.status, g.source, g.reason)
    people = sorted({g.person_id for g in gives})
    lock_people(session, people)
    session.flush()
    rows = standing_rows(session, people)
    told: list[tuple[str, str, datetime | None]] = []
    for g in gives:
        now = clock.now()
        version = policy.at(g.starts_at)
        starts = clock.as_utc(g.starts_at)
        duration = version.duration(
            g.status, fully_vaccinated=g.fully_vaccinated, symptomatic=g.symptomatic
        )
        new = Plain(
            new_id(),
            g.person_id,
            g.status,
            g.reason,
            g.source,
            g.source_ref,
            version.id,
            starts,
            starts + duration,
            now,
            "IGNORED",
            False,
            None,
            None,
        )
        standing.arrive(new, now)
        mine = rows[g.person_id]
        mine.append(new)
        settled = standing.settle(mine, now, policy)
        if settled.moved:
            if settled.before is not None:
                settled.before.is_current = False
            if settled.after is not None:
                settled.after.is_current = True
            notice = settled.notice()
            if notice is not None:
                told.append((g.person_id, *notice))
        standing.outcome(new, settled)
        done.rows.append(new)
    try:
        _write(session, [r for person in rows.values() for r in person])
    except IntegrityError as exc:  # a writer that skipped the person lock
        raise Problem("conflict") from exc
    _forget(session, set(people))
    done.notices = notices.statuses_changed(session, told)
    trail.record(
        session,
        "risk:statuses:given",
        actor_type="system",
        people=len(people),
        given=len(gives),
        outcomes={f"{s}/{o}": n for (s, o), n in sorted(_tally(done.rows).items())},
    )
    return done


def _tally(rows: list[Plain]) -> Counter[tuple[str, str]]:
    return Counter((r.status, r.outcome) for r in rows)


def _write(session: Session, rows: list[Plain]) -> None:
    """Store the chunk's changes: changed rows (a flag that comes on still off), new rows,
    then the flags that come on."""
    changed = [r for r in rows if r.loaded is not None and r.changed() != r.loaded]
    comes_on = [r for r in changed if r.loaded is not None and not r.loaded[1] and r.is_current]
    later = {r.id for r in comes_on}
    if changed:
        _update(session, changed, lambda r: r.is_current and r.id not in later)
    insert_many(session, RiskStatus, [r.values() for r in rows if r.loaded is None])
    if comes_on:
        _update(session, comes_on, lambda r: True)


def _update(session: Session, rows: list[Plain], current: Callable[[Plain], bool]) -> None:
    """One multi-row UPDATE by primary key."""
    update_many(
        session,
        RiskStatus,
        [
            {
                "id": r.id,
                "outcome": r.outcome,
                "is_current": current(r),
                "ended_at": r.ended_at,
                "end_reason": r.end_reason,
            }
            for r in rows
        ],
    )


def _forget(session: Session, people: set[str]) -> None:
    """Loaded ``RiskStatus`` objects of these people are stale now: read them again."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, RiskStatus) and obj.person_id in people:
            session.expire(obj)
