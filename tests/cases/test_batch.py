"""The daily job traces cases in batches; on random cases and check-ins it records exactly what
tracing each case on its own records (exposures, statuses, history, notices, counts), and what
the engine finds over every check-in stored; a second run records nothing."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from sihat.cases import contacts
from sihat.cases.models import Case
from sihat.checkins.models import CheckIn
from sihat.core import clock
from sihat.identity import service as identity
from sihat.identity.access import household
from sihat.notifications.models import OutboxMessage
from sihat.risk.exposures import ExposureCounts
from sihat.risk.models import Exposure
from sihat.tracing import engine
from tests import factories
from tests.cases.conftest import premise, visit
from tests.risk.test_bulk import snapshot

# Two mornings after a few days of check-ins: one before 2022-03-01 (a casual contact gets a
# status), one after (a notice only); the exposures of the first straddle the change.
NOWS = {
    "2022": datetime(2022, 3, 2, 4, 0, tzinfo=UTC),
    "2026": datetime(2026, 11, 20, 4, 0, tzinfo=UTC),
}


def scenario(session, rng: random.Random, now: datetime) -> list[str]:
    """People (some households, some manual visitors known only by phone), three premises,
    check-ins over four days on a five-minute grid (ties), and confirmed cases not yet
    traced; the case ids."""
    accounts = [factories.sign_up(session) for _ in range(9)]
    kids = [
        identity.add_dependent(
            session, accounts[i], factories.identity_of(factories.child()), "CHILD"
        ).person_id
        for i in (0, 0, 1)
    ]
    people = [a.person_id for a in accounts] + kids
    shops = [premise(session, factories.sign_up(session), f"Kedai {n}") for n in range(3)]
    first = now - timedelta(days=4)
    for _ in range(110):
        who = rng.choice([*people, "phone:a", "phone:b"])
        at = first + timedelta(days=rng.randrange(4), minutes=5 * rng.randrange(12 * 12))
        out = at + timedelta(minutes=rng.randrange(5, 240)) if rng.random() < 0.3 else None
        person = None if who.startswith("phone:") else who
        visit(session, rng.choice(shops), who, at, out=out, person_id=person)
    ids = []
    # The last is an earlier case (confirmed before the job's look-back): not traced, but
    # rule 5 keeps its visits from its sample on out of everyone's contacts.
    for n, person in enumerate(rng.sample(people, 7)):
        sample = now - timedelta(days=rng.randrange(1, 3), hours=rng.randrange(12))
        case = Case(
            case_no=f"T{uuid.uuid4().hex[:10]}",
            person_id=person,
            source="LAB_RTPCR",
            specimen_id=f"S-{uuid.uuid4().hex}",
            sample_at=sample,
            onset_at=sample - timedelta(hours=rng.randrange(1, 30)) if n % 2 else None,
            isolated_at=sample + timedelta(hours=6) if n % 3 == 0 else None,
            category=2,
            state="Selangor",
            district="Petaling",
            status="CONFIRMED",
            channel="API",
            recorded_at=now,
            confirmed_at=now - timedelta(hours=n) if n < 6 else now - timedelta(days=9),
        )
        session.add(case)
        session.flush()
        ids.append(case.id)
    return ids[:6]


def oracle(session, ids: list[str]) -> set[tuple[str, str, str]]:
    """The casual exposures of cases ``ids`` as the contract reads them over everything
    stored: every check-in, every confirmed case of the register (rule 5); less manual
    visitors (no person) and the household (close contacts instead)."""
    cases = session.scalars(select(Case).where(Case.status == "CONFIRMED")).all()
    visits = session.scalars(select(CheckIn)).all()
    found = engine.casual_contacts(
        [
            {
                "visit_id": str(v.id),
                "individual": v.individual,
                "premise_id": v.premise_id,
                "checked_in_at": clock.as_utc(v.checked_in_at),
                "checked_out_at": clock.as_utc(v.checked_out_at) if v.checked_out_at else None,
            }
            for v in visits
        ],
        [
            {
                "case_id": c.id,
                "individual": c.person_id,
                "sample_at": clock.as_utc(c.sample_at),
                "onset_at": clock.as_utc(c.onset_at) if c.onset_at else None,
                "isolated_at": clock.as_utc(c.isolated_at) if c.isolated_at else None,
            }
            for c in cases
        ],
    )
    person = {str(v.id): v.person_id for v in visits}
    homes = {c.id: household(session, c.person_id) for c in cases if c.id in ids}
    return {
        (e.case_id, person[e.contact_visit_id], "CASUAL")
        for e in found.exposures
        if e.case_id in homes
        and person[e.contact_visit_id] is not None
        and person[e.contact_visit_id] not in homes[e.case_id]
    }


def total(traced: list[contacts.Traced]) -> ExposureCounts:
    summed = contacts.Traced()
    for one in traced:
        summed.add(one)
    return summed.exposures


@pytest.mark.parametrize(
    ("seed", "when", "batch", "write"),
    [(1, "2022", 2, 3), (2, "2026", 4, 1000), (3, "2022", 200, 1)],
)
def test_the_batched_job_records_what_the_per_case_path_records(
    db, session, monkeypatch, seed, when, batch, write
) -> None:
    monkeypatch.setattr(contacts, "WRITE_CHUNK", write)  # a person's exposures straddle parts
    now = NOWS[when]
    rng = random.Random(seed)
    with clock.frozen(now - timedelta(days=5)):
        ids = scenario(session, rng, now)
    expected = oracle(session, ids)
    results = {}
    for way in ("per case", "batched"):
        with clock.frozen(now):
            attempt = db.connection.begin_nested()
            if way == "per case":
                runs = []
                for case_id in sorted(ids):  # the job's order
                    with db.unit_of_work() as s:
                        case = s.get(Case, case_id)
                        assert case is not None
                        runs.append(contacts.trace_case(s, case))
                counts = total(runs)
            else:
                traced = contacts.trace_recent(db, batch=batch)
                assert traced.cases == len(ids)
                counts = traced.exposures
            with db.unit_of_work() as s:
                results[way] = snapshot(s, counts)
                casual = {
                    (e.case_ref, e.person_id, e.kind)
                    for e in s.scalars(select(Exposure).where(Exposure.kind == "CASUAL"))
                }
                assert casual == expected
                sent = s.scalar(select(func.count()).select_from(OutboxMessage))
            again = contacts.trace_recent(db, batch=batch)
            assert (again.exposures.created, again.exposures.known) == (0, counts.received)
            with db.unit_of_work() as s:
                assert s.scalar(select(func.count()).select_from(OutboxMessage)) == sent
                assert snapshot(s, counts) == results[way]
            attempt.rollback()
    assert results["batched"] == results["per case"]
    kinds = {row[0] for row in results["batched"]["exposures"]}  # type: ignore[attr-defined]
    assert kinds == {"CASUAL", "CLOSE"}  # the random day has both kinds to compare


def confirmed(session, person: str, sample: datetime, isolated: datetime | None) -> Case:
    case = Case(
        case_no=f"T{uuid.uuid4().hex[:10]}",
        person_id=person,
        source="LAB_RTPCR",
        specimen_id=f"S-{uuid.uuid4().hex}",
        sample_at=sample,
        isolated_at=isolated,
        category=2,
        state="Selangor",
        district="Petaling",
        status="CONFIRMED",
        channel="API",
        recorded_at=sample,
        confirmed_at=sample,
    )
    session.add(case)
    session.flush()
    return case


def test_a_case_visiting_another_case_s_premise_is_cut_by_its_next_check_in(session) -> None:
    """In one batch, a case's person who visits another case's premise (before their own
    sample, after their own window: isolated before sampled) has their visit end at their next
    check-in, which lies outside their own case's range: it is read for the other case."""
    day = datetime(2026, 11, 17, tzinfo=UTC)
    x, y = factories.sign_up(session).person_id, factories.sign_up(session).person_id
    shop, cafe = (premise(session, factories.sign_up(session), n) for n in ("P", "Q"))
    visit(session, shop, y, day + timedelta(hours=9), out=day + timedelta(hours=12), person_id=y)
    visit(session, shop, x, day + timedelta(hours=10), person_id=x)
    visit(session, cafe, x, day + timedelta(hours=10, minutes=20), person_id=x)
    case_y = confirmed(session, y, day + timedelta(hours=2), None)
    case_x = confirmed(session, x, day + timedelta(hours=20), day - timedelta(days=1))
    policy = contacts.load_policy()
    for cases in ([case_y], [case_x, case_y]):
        found = contacts.casual_contacts(session, cases, policy)[case_y.id]
        assert [(r.person_id, r.overlap_minutes) for r in found] == [(x, 20)]
