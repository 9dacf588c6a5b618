"""Exposures: the tracing engine (casual contacts from check-ins), officers (household close
contacts) and MySJ Trace (Bluetooth encounters) report who was exposed to which case; MyRisk
keeps one row per (case, person, kind) and applies the policy once, when the row is new.

Reporting the same exposures again creates no row, no status and no notice. A CASUAL exposure
gives CASUAL_CONTACT where the policy version of its date says so, and from 2022-03-01 only a
notice; CLOSE and BLUETOOTH give CLOSE_CONTACT.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from itertools import islice

from sqlalchemy import select, tuple_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import insert_many, try_add
from sihat.core.errors import Problem
from sihat.risk import notices, service
from sihat.risk.bulk import Give, give_many, lock_people
from sihat.risk.models import Exposure, new_id
from sihat.risk.policy import Policy, load
from sihat.risk.statuses import CASUAL_CONTACT, CLOSE_CONTACT

KINDS: dict[str, tuple[str, str]] = {  # kind -> (status, reason)
    "CASUAL": (CASUAL_CONTACT, "casual_contact"),
    "CLOSE": (CLOSE_CONTACT, "close_contact"),
    "BLUETOOTH": (CLOSE_CONTACT, "bluetooth_contact"),
}
CHUNK = 500  # exposures per chunk, one by one
BULK_CHUNK = 2000  # exposures per chunk, in bulk


@dataclass(frozen=True)
class ExposureIn:
    kind: str
    case_ref: str
    person_id: str
    exposed_on: date
    premise_ref: str | None = None
    overlap_minutes: int | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.case_ref, self.person_id, self.kind)


@dataclass
class ExposureCounts:
    received: int = 0
    created: int = 0
    known: int = 0  # already recorded: nothing done
    statuses: int = 0  # a status row was given
    notified: int = 0  # a notice only (casual contacts under a notify-only policy)
    by_kind: dict[str, int] = field(default_factory=dict)


def start_of(day: date) -> datetime:
    """Midnight of a Malaysia date, in UTC."""
    return datetime.combine(day, time(), tzinfo=clock.MALAYSIA).astimezone(UTC)


def _chunks(rows: list[ExposureIn], size: int) -> Iterator[list[ExposureIn]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


def record_exposures(
    session: Session,
    rows: Iterable[ExposureIn],
    *,
    policy: Policy | None = None,
    fully_vaccinated: Collection[str] = (),
    bulk: bool = True,
) -> ExposureCounts:
    """Record the exposures not yet known and apply the policy to each new one.
    ``fully_vaccinated``: the person ids the caller knows to be fully vaccinated (the
    vaccination domain is above this one). ``bulk=False`` takes the exposures one by one
    through ``service.set_status`` (the reference the bulk path is tested against).

    The rows are taken in person order, and each chunk's people are locked before its
    exposures are inserted, so that two runs over overlapping people take their locks (each
    person's status lock, then unique keys) in the same order and never deadlock."""
    policy = policy or load()
    counts = ExposureCounts()
    ordered = sorted(rows, key=lambda r: (r.person_id, r.case_ref, r.kind))
    for row in ordered:
        if row.kind not in KINDS:
            raise Problem("invalid_input", field="kind")
    # One row per (case, person, kind), the last reported, whatever the chunk size.
    unique = list({row.key: row for row in ordered}.values())
    counts.received, counts.known = len(ordered), len(ordered) - len(unique)
    for chunk in _chunks(unique, BULK_CHUNK if bulk else CHUNK):
        if bulk:
            _record_chunk(session, chunk, policy, fully_vaccinated, counts)
            continue
        lock_people(session, [row.person_id for row in chunk])  # as the bulk path
        fresh = _insert_new(session, chunk)
        counts.known += len(chunk) - len(fresh)
        for exposure in fresh:
            counts.created += 1
            counts.by_kind[exposure.kind] = counts.by_kind.get(exposure.kind, 0) + 1
            _apply(session, exposure, policy, exposure.person_id in fully_vaccinated, counts)
    if counts.created:
        trail.record(
            session,
            "risk:exposures:recorded",
            actor_type="system",
            created=counts.created,
            statuses=counts.statuses,
            notified=counts.notified,
        )
    return counts


def _record_chunk(
    session: Session,
    chunk: list[ExposureIn],
    policy: Policy,
    vaccinated: Collection[str],
    counts: ExposureCounts,
) -> None:
    """The bulk path for one chunk: the people's locks, the new exposures in one
    ``INSERT ... ON CONFLICT DO NOTHING RETURNING``, their statuses through
    ``risk.bulk.give_many`` and the notify-only notices at once."""
    lock_people(session, [row.person_id for row in chunk])
    now = clock.now()
    values = [_values(row, policy, now) for row in chunk]
    fresh_ids = _insert_ignoring_known(session, values)
    fresh = [v for v in values if v["id"] in fresh_ids]
    counts.known += len(chunk) - len(fresh)
    gives: list[Give] = []
    exposed: list[tuple[str, date, int]] = []
    for v in fresh:
        kind, person_id, day = str(v["kind"]), str(v["person_id"]), v["exposed_on"]
        assert isinstance(day, date)
        counts.created += 1
        counts.by_kind[kind] = counts.by_kind.get(kind, 0) + 1
        if v["outcome"] == "NOTIFIED":
            exposed.append((person_id, day, policy.on(day).casual_watch_days))
            continue
        status, reason = KINDS[kind]
        gives.append(
            Give(
                person_id,
                status,
                source="EXPOSURE",
                source_ref=str(v["id"]),
                reason=reason,
                starts_at=start_of(day),
                fully_vaccinated=person_id in vaccinated,
                symptomatic=False,  # as in _apply
            )
        )
    give_many(session, gives, policy)
    counts.statuses += len(gives)
    counts.notified += notices.exposed_many(session, exposed)


def _values(row: ExposureIn, policy: Policy, now: datetime) -> dict[str, object]:
    status, _reason = KINDS[row.kind]
    notify_only = status == CASUAL_CONTACT and not policy.on(row.exposed_on).casual_gets_status()
    return {
        "id": new_id(),
        "kind": row.kind,
        "case_ref": row.case_ref,
        "person_id": row.person_id,
        "premise_ref": row.premise_ref,
        "overlap_minutes": row.overlap_minutes,
        "exposed_on": row.exposed_on,
        "created_at": now,
        "outcome": "NOTIFIED" if notify_only else "STATUS",
    }


def _insert_ignoring_known(session: Session, values: list[dict[str, object]]) -> set[str]:
    """Insert the exposures whose (case, person, kind) is not stored yet; the ids inserted.
    A concurrent writer of the same key makes this one wait, then skip it."""
    return set(
        insert_many(
            session,
            Exposure,
            values,
            skip_conflicts=("case_ref", "person_id", "kind"),
            returning="id",
        )
    )


def _insert_new(session: Session, chunk: list[ExposureIn]) -> list[Exposure]:
    """The chunk's exposures that were not recorded yet, now inserted (one per key)."""
    wanted = {row.key: row for row in chunk}
    known = {
        (case_ref, person_id, kind)
        for case_ref, person_id, kind in session.execute(
            select(Exposure.case_ref, Exposure.person_id, Exposure.kind).where(
                tuple_(Exposure.case_ref, Exposure.person_id, Exposure.kind).in_(list(wanted))
            )
        )
    }
    now = clock.now()
    new = [
        Exposure(
            kind=row.kind,
            case_ref=row.case_ref,
            person_id=row.person_id,
            premise_ref=row.premise_ref,
            overlap_minutes=row.overlap_minutes,
            exposed_on=row.exposed_on,
            created_at=now,
            outcome="PENDING",
        )
        for key, row in wanted.items()
        if key not in known
    ]
    if not new:
        return []
    try:
        with session.begin_nested():
            session.add_all(new)
            session.flush()
    except IntegrityError:
        # another writer recorded some of them meanwhile: keep the ones still new
        copies = [_copy(e) for e in new]
        return [e for e in copies if try_add(session, e)]
    return new


def _copy(e: Exposure) -> Exposure:
    return Exposure(
        id=e.id,
        kind=e.kind,
        case_ref=e.case_ref,
        person_id=e.person_id,
        premise_ref=e.premise_ref,
        overlap_minutes=e.overlap_minutes,
        exposed_on=e.exposed_on,
        created_at=e.created_at,
        outcome=e.outcome,
    )


def _apply(
    session: Session, exposure: Exposure, policy: Policy, vaccinated: bool, counts: ExposureCounts
) -> None:
    status, reason = KINDS[exposure.kind]
    version = policy.on(exposure.exposed_on)
    if status == CASUAL_CONTACT and not version.casual_gets_status():
        if notices.exposed(
            session, exposure.person_id, exposure.exposed_on, version.casual_watch_days
        ):
            counts.notified += 1
        exposure.outcome = "NOTIFIED"
        return
    service.set_status(
        session,
        exposure.person_id,
        status,
        source="EXPOSURE",
        source_ref=exposure.id,
        reason=reason,
        starts_at=start_of(exposure.exposed_on),
        fully_vaccinated=vaccinated,
        # A contact has reported no symptoms (one who does is assessed and becomes SUSPECTED
        # or a case): a fully vaccinated close contact isolates the shorter period.
        symptomatic=False,
        policy=policy,
    )
    exposure.outcome = "STATUS"
    counts.statuses += 1
