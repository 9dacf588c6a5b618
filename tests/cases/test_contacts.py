"""A confirmed case is traced on the live database: casual contacts from check-ins (the
tracing engine's rules), close contacts from the household, both recorded once as MyRisk
exposures with their statuses and notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from sihat.cases import contacts, reads, service
from sihat.core import clock
from sihat.identity import service as identity
from sihat.notifications.models import OutboxMessage
from sihat.risk import service as risk
from sihat.risk.models import Exposure
from sihat.risk.statuses import CLOSE_CONTACT, CONFIRMED, LOW_RISK
from tests import factories
from tests.cases.conftest import NOW, SAMPLE, person_of, premise, result, visit


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def exposures(session) -> dict[tuple[str, str], Exposure]:
    return {(e.person_id, e.kind): e for e in session.scalars(select(Exposure))}


def outbox(session) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


def test_confirming_a_case_records_its_contacts_once(session, crew, citizen) -> None:
    case_person = person_of(session, citizen)
    owner = factories.sign_up(session)
    shop, cafe = premise(session, owner, "Kedai A"), premise(session, owner, "Kafe B")
    me = case_person.id
    visit(session, shop, me, at(17, 10), out=at(17, 12), person_id=me)  # in the window
    near = factories.sign_up(session)  # overlaps 11:30-12:30 with 12:00+30 min linger
    visit(session, shop, near.person_id, at(17, 11, 30), person_id=near.person_id)
    later = factories.sign_up(session)  # arrives after the linger: not a contact
    visit(session, shop, later.person_id, at(17, 12, 31), person_id=later.person_id)
    elsewhere = factories.sign_up(session)  # same time, another premise
    visit(session, cafe, elsewhere.person_id, at(17, 11), person_id=elsewhere.person_id)
    visit(session, shop, "phone:abc", at(17, 11))  # a manual visitor: no person to notify
    child = identity.add_dependent(
        session, citizen, factories.identity_of(factories.child()), "CHILD"
    )
    sent_before = outbox(session)
    with clock.frozen(NOW):
        made = service.record_result(
            session, crew["health_petaling"].account, result(case_person), channel="API"
        )
        assert made.case.status == "CONFIRMED"
        found = exposures(session)
        assert set(found) == {(near.person_id, "CASUAL"), (child.person_id, "CLOSE")}
        casual = found[(near.person_id, "CASUAL")]
        assert (casual.premise_ref, casual.overlap_minutes) == (shop.id, 60)
        assert casual.exposed_on == clock.malaysia_date(at(17, 11, 30))
        assert risk.current(session, me).status == CONFIRMED
        assert risk.current(session, child.person_id).status == CLOSE_CONTACT
        # From 2022-03-01 a casual contact is notified and keeps their status.
        assert risk.current(session, near.person_id).status == LOW_RISK
        assert risk.current(session, later.person_id).status == LOW_RISK
        sent = outbox(session)
        assert sent > sent_before

        again = contacts.trace_case(session, made.case)
        assert (again.exposures.created, again.exposures.known) == (0, 2)
        assert outbox(session) == sent
    assert len(exposures(session)) == 2


def test_a_person_already_a_case_is_not_a_contact(session, crew, citizen) -> None:
    case_person = person_of(session, citizen)
    owner = factories.sign_up(session)
    shop = premise(session, owner)
    me = case_person.id
    visit(session, shop, me, at(17, 10), out=at(17, 12), person_id=me)
    earlier_case = factories.sign_up(session)
    visit(session, shop, earlier_case.person_id, at(17, 11), person_id=earlier_case.person_id)
    officer = crew["health_petaling"].account
    with clock.frozen(NOW):
        first = person_of(session, earlier_case)
        service.record_result(
            session, officer, result(first, sample_at=at(16, 8)), channel="API"
        )  # sampled before the visit at 11:00 on the 17th
        made = service.record_result(session, officer, result(case_person), channel="API")
        traced = contacts.trace_case(session, made.case)
    assert traced.casual == 0
    assert (earlier_case.person_id, "CASUAL") not in exposures(session)


def test_the_window_bounds_the_visits_read(session, crew, citizen) -> None:
    case_person = person_of(session, citizen)
    owner = factories.sign_up(session)
    shop = premise(session, owner)
    me = case_person.id
    visit(session, shop, me, at(10, 10), person_id=me)  # a week before: outside the window
    other = factories.sign_up(session)
    visit(session, shop, other.person_id, at(10, 10, 5), person_id=other.person_id)
    with clock.frozen(NOW):
        made = service.record_result(
            session, crew["health_petaling"].account, result(case_person), channel="API"
        )
    assert made.case.sample_at == SAMPLE
    assert reads.relevant_visits(session, [made.case], contacts.load_policy()).num_rows == 0
    assert exposures(session) == {}


def test_the_visits_are_read_once_each_to_the_microsecond(session, crew, citizen) -> None:
    """The columnar read: exact UTC microseconds (PostgreSQL computes them, SQLite's naive
    values are UTC), ids as text, and a check-in that several statements read (the case's own:
    its own, its premise's and its visitors' check-ins) given once."""
    case_person = person_of(session, citizen)
    owner = factories.sign_up(session)
    shop, cafe = premise(session, owner, "Kedai A"), premise(session, owner, "Kafe B")
    me = case_person.id
    micro = timedelta(microseconds=1)
    other = factories.sign_up(session)
    pid = other.person_id
    made_visits = [
        visit(
            session, shop, me, at(17, 10) + 123_457 * micro, out=at(17, 12) - micro, person_id=me
        ),
        visit(session, shop, pid, at(17, 11, 30) + micro, person_id=pid),
        visit(session, cafe, pid, at(17, 13) + 999_999 * micro, person_id=pid),  # rule 2's next
        visit(session, shop, "phone:abc", at(17, 11) + 500_000 * micro),  # no person
    ]
    with clock.frozen(NOW):
        made = service.record_result(
            session, crew["health_petaling"].account, result(case_person), channel="API"
        )
    table = reads.relevant_visits(session, [made.case], contacts.load_policy())

    def us(moment: datetime | None) -> int | None:
        return None if moment is None else (moment - datetime(1970, 1, 1, tzinfo=UTC)) // micro

    assert table.schema == reads.VISITS
    read = table.to_pylist()
    assert len(read) == len(made_visits)  # the case's own check-in once, though read thrice
    assert {row["visit_id"]: row for row in read} == {
        str(v.id): {
            "visit_id": str(v.id),
            "individual": v.individual,
            "person_id": v.person_id,
            "premise_id": v.premise_id,
            "checked_in_us": us(v.checked_in_at),
            "checked_out_us": us(v.checked_out_at),
        }
        for v in made_visits
    }
    assert us(at(17, 10) + 123_457 * micro) == 1_794_909_600_123_457


def test_a_case_s_visit_before_its_sample_is_still_a_contact(session, crew, citizen) -> None:
    """Rule 5 removes only the visits at or after a person's own sample; rule 6 then chooses
    among the visits left (not the longest overall, then dropped)."""
    case_person = person_of(session, citizen)
    owner = factories.sign_up(session)
    shop = premise(session, owner)
    me = case_person.id
    visit(session, shop, me, at(17, 1), out=at(17, 12), person_id=me)
    other = factories.sign_up(session)
    pid = other.person_id
    visit(session, shop, pid, at(17, 2), out=at(17, 2, 20), person_id=pid)  # 20 min, before
    visit(session, shop, pid, at(17, 6), out=at(17, 11), person_id=pid)  # 5 h, after sample
    officer = crew["health_petaling"].account
    with clock.frozen(NOW):
        service.record_result(
            session, officer, result(person_of(session, other), sample_at=at(17, 4)), channel="API"
        )
        service.record_result(session, officer, result(case_person), channel="API")
    found = exposures(session)[(pid, "CASUAL")]
    assert (found.overlap_minutes, found.exposed_on) == (20, clock.malaysia_date(at(17, 2)))
