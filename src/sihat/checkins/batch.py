"""The work of one group-commit batch: every check-in that arrived while the previous batch
was committing, checked and written with a handful of statements in one transaction.

Per batch, not per check-in: one query resolves every caller's session token, one the
premises, one the dependents, one the premise staff, one the recent visits of everyone in the
batch (repeat scans and visits to close), one multi-row insert, one update. The rules are the
ones a per-request service would apply; they are written set-wise so that 5,000 check-ins cost
about what 5 would. The statements themselves are in ``store``. Runs inside the writer's
transaction; never commits.
"""

from __future__ import annotations

import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.orm import Session

from sihat.checkins import partitions, status, store
from sihat.checkins.models import CHECKINS, QrSecurityEvent
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.settings import Settings


@dataclass(frozen=True)
class Scan:
    """An account scanned a premise's (authentic) code for itself and/or its dependents."""

    token_hash: str
    premise_id: str
    qr_version: int
    at: datetime
    include_self: bool = True
    dependents: tuple[str, ...] = ()
    ip: str | None = None


@dataclass(frozen=True)
class Manual:
    """Premise staff recorded a visitor without a phone app (name and phone number)."""

    token_hash: str
    premise_id: str
    at: datetime
    name: str
    phone: str
    phone_index: str


@dataclass(frozen=True)
class Refusal:
    """A refused code, kept as a security event."""

    kind: str
    reason: str
    at: datetime
    premise_id: str | None = None
    token_hash: str | None = None
    ip: str | None = None


Job = Scan | Manual | Refusal


@dataclass
class Visit:
    visit_id: uuid.UUID
    person_id: str | None
    checked_in_at: datetime
    duplicate: bool
    status: str = "unknown"


@dataclass
class Outcome:
    premise_id: str
    premise_name: str
    visits: list[Visit] = field(default_factory=list)


Result = Outcome | Problem | None


def visit_id(at: datetime) -> uuid.UUID:
    """A UUIDv7: the check-in instant (milliseconds) then randomness. Ids sort by time, the
    B-tree takes them at its right edge, and a checkout can find the day's partition."""
    ms = int(at.timestamp() * 1000)
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | (rand >> 68) << 64
    value |= 0b10 << 62 | (rand & ((1 << 62) - 1))
    return uuid.UUID(int=value)


def instant_of(visit: uuid.UUID) -> datetime:
    """The check-in instant to the millisecond, read back from a :func:`visit_id`."""
    return datetime.fromtimestamp((visit.int >> 80) / 1000, tz=UTC)


@dataclass
class _Wanted:
    job_index: int
    individual: str
    person_id: str | None
    account_id: str
    premise: Any
    at: datetime
    method: str
    name: str | None = None
    phone: str | None = None


def _plan(
    conn: Connection, jobs: Sequence[Job], now: datetime
) -> tuple[list[Result], list[_Wanted], list[dict[str, Any]]]:
    """Check every job; what each wants written, or why it is refused."""
    results: list[Result] = [None] * len(jobs)
    hashes = {j.token_hash for j in jobs if j.token_hash}
    callers = store.callers(conn, hashes, now) if hashes else {}
    premise_ids = {j.premise_id for j in jobs if j.premise_id}
    premises = store.premises(conn, premise_ids) if premise_ids else {}
    guardians = {
        callers[j.token_hash][0]
        for j in jobs
        if isinstance(j, Scan) and j.dependents and j.token_hash in callers
    }
    dependents = store.dependents(conn, guardians)
    members = store.members(conn, {j.premise_id for j in jobs if isinstance(j, Manual)})
    wanted: list[_Wanted] = []
    events: list[dict[str, Any]] = []
    for i, job in enumerate(jobs):
        caller = callers.get(job.token_hash) if job.token_hash else None
        if isinstance(job, Refusal):
            events.append(_event(job.kind, job.reason, job.at, job.premise_id, caller, job.ip))
            continue
        premise = premises.get(job.premise_id)
        if caller is None:
            results[i] = Problem("not_authenticated")
        elif premise is None:
            results[i] = Problem("not_found")
        elif isinstance(job, Scan) and premise.qr_version != job.qr_version:
            results[i] = Problem("qr_rotated")
            events.append(_event("qr_rotated", "old_version", job.at, premise.id, caller, job.ip))
        elif isinstance(job, Manual) and (premise.id, caller[0]) not in members:
            results[i] = Problem("not_found")
        elif premise.status != "ACTIVE":
            results[i] = Problem("premise_inactive")
        elif isinstance(job, Scan):
            account_id, person_id = caller
            people = ([person_id] if job.include_self else []) + list(job.dependents)
            if not people:
                results[i] = Problem("nobody_to_check_in", field="dependents")
            elif not set(job.dependents) <= dependents.get(account_id, set()):
                results[i] = Problem("not_a_dependent", field="dependents")
            else:
                results[i] = Outcome(premise.id, premise.name)
                wanted += [
                    _Wanted(i, p, p, account_id, premise, job.at, "QR")
                    for p in dict.fromkeys(people)
                ]
        else:
            results[i] = Outcome(premise.id, premise.name)
            wanted.append(
                _Wanted(
                    i,
                    job.phone_index,
                    None,
                    caller[0],
                    premise,
                    job.at,
                    "MANUAL",
                    job.name,
                    job.phone,
                )
            )
    return results, wanted, events


def _event(
    kind: str,
    reason: str,
    at: datetime,
    premise_id: str | None,
    caller: tuple[str, str] | None,
    ip: str | None,
) -> dict[str, Any]:
    return {
        "occurred_at": at,
        "kind": kind,
        "ip": ip,
        "account_id": caller[0] if caller else None,
        "premise_id": premise_id,
        "details": {"reason": reason},
    }


def process(
    session: Session, jobs: Sequence[Job], settings: Settings, known_days: set[Any]
) -> list[Result]:
    """Check and write one batch (no commit). ``known_days`` caches existing partitions."""
    conn = session.connection()
    now = clock.now()
    results, wanted, events = _plan(conn, jobs, now)
    if events:
        conn.execute(insert(QrSecurityEvent), events)
    if not wanted:
        return results
    visit_span = timedelta(minutes=settings.checkin_visit_minutes)
    window = timedelta(seconds=settings.checkin_duplicate_seconds)
    lo = min(w.at for w in wanted) - max(visit_span, window)
    hi = max(w.at for w in wanted)
    by_individual: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for seen in store.recent(conn, {w.individual for w in wanted}, lo, hi):
        by_individual[seen.individual].append(
            {
                "id": seen.id,
                "checked_in_at": seen.checked_in_at,
                "premise_id": seen.premise_id,
                "checked_out_at": seen.checked_out_at,
                "new": False,
            }
        )
    new_rows: list[dict[str, Any]] = []
    closings: list[dict[str, Any]] = []
    for w in wanted:
        visits = by_individual[w.individual]
        outcome = results[w.job_index]
        assert isinstance(outcome, Outcome)
        if visits:  # most people in a batch have no visit in the last hour
            same = next(
                (
                    v
                    for v in visits
                    if v["premise_id"] == w.premise.id
                    and v["checked_out_at"] is None
                    and timedelta(0) <= w.at - v["checked_in_at"] <= window
                ),
                None,
            )
            if same is not None:
                outcome.visits.append(Visit(same["id"], w.person_id, same["checked_in_at"], True))
                continue
            for v in visits:  # the visit elsewhere ends when this one starts
                if (
                    v["checked_out_at"] is None
                    and v["checked_in_at"] <= w.at < v["checked_in_at"] + visit_span
                ):
                    v["checked_out_at"] = w.at
                    if v["new"]:  # written by this batch: insert it closed
                        v["closed_by"] = "NEXT"
                    else:
                        closings.append(
                            {"b_id": v["id"], "b_at": v["checked_in_at"], "b_out": w.at}
                        )
        row = {
            "id": visit_id(w.at),
            "checked_in_at": w.at,
            "premise_id": w.premise.id,
            "state": w.premise.state,
            "individual": w.individual,
            "person_id": w.person_id,
            "account_id": w.account_id,
            "method": w.method,
            "visitor_name": w.name,
            "visitor_phone": w.phone,
            "checked_out_at": None,
            "closed_by": None,
            "new": True,
        }
        new_rows.append(row)
        visits.append(row)
        outcome.visits.append(Visit(row["id"], w.person_id, w.at, False))
    if new_rows:
        # A batch spans milliseconds: its days are those of its first and last check-in.
        instants = [r["checked_in_at"] for r in new_rows]
        days = {clock.malaysia_date(min(instants)), clock.malaysia_date(max(instants))}
        if days - known_days:
            partitions.ensure(conn, days - known_days)
            known_days.update(days)
        store.insert(conn, new_rows)
    if closings:
        table = CHECKINS
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.checked_in_at == bindparam("b_at"))
            .values(checked_out_at=bindparam("b_out"), closed_by="NEXT"),
            closings,
        )
    _colour(session, results)
    return results


def _colour(session: Session, results: Iterable[Result]) -> None:
    outcomes = [r for r in results if isinstance(r, Outcome)]
    people = sorted({v.person_id for o in outcomes for v in o.visits if v.person_id})
    known = status.statuses(session, people)
    for outcome in outcomes:
        for visit in outcome.visits:
            visit.status = known.get(visit.person_id, "unknown") if visit.person_id else "unknown"
