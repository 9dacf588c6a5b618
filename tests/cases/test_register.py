"""The case register's rules: sources and statuses, duplicates, the district scope, events and
audit events in the same transaction, retraction by maker-checker."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from sihat.cases import access, events, retractions, service
from sihat.cases.models import Case, CaseRetraction
from sihat.core import clock, hooks
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.governance import requests
from tests import factories
from tests.cases.conftest import SAMPLE, person_of, result


@pytest.fixture
def heard(monkeypatch) -> list[tuple[str, dict[str, Any]]]:
    got: list[tuple[str, dict[str, Any]]] = []
    for name in (events.CASE_CONFIRMED, events.CASE_RETRACTED):
        monkeypatch.setitem(
            hooks._listeners,
            name,
            [lambda _s, _n=name, **kw: got.append((_n, kw))],
        )
    return got


def actions(session, case_id: str) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target_id == case_id)
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )


def count(session, model=Case) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_lab_rtpcr_arrives_confirmed_and_is_announced(session, crew, citizen, heard) -> None:
    person = person_of(session, citizen)
    onset = SAMPLE - timedelta(days=1)
    made = service.record_result(
        session, crew["health_petaling"].account, result(person, onset_at=onset), channel="API"
    )
    case = made.case
    assert made.created and case.status == "CONFIRMED" and case.confirmed_at is not None
    assert re.fullmatch(r"KES-\d{4}-\d{6}", case.case_no)
    assert actions(session, case.id) == ["cases:case:recorded"]
    assert heard == [
        (
            events.CASE_CONFIRMED,
            {"person_id": person.id, "case_ref": case.id, "sample_at": SAMPLE, "onset_at": onset},
        )
    ]


def test_case_numbers_follow_each_other(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    officer = crew["health_national"].account
    first = service.record_result(session, officer, result(person), channel="API").case
    second = service.record_result(session, officer, result(person), channel="API").case
    assert int(second.case_no[-6:]) == int(first.case_no[-6:]) + 1


def test_self_test_waits_for_an_officer_to_confirm(session, crew, citizen, heard) -> None:
    person = person_of(session, citizen)
    officer = crew["health_petaling"].account
    case = service.record_result(
        session, officer, result(person, source="SELF_TEST"), channel="PAGE"
    ).case
    assert case.status == "PROVISIONAL" and heard == []
    service.confirm(session, crew["health_petaling2"].account, case.id)
    assert case.status == "CONFIRMED" and [h[0] for h in heard] == [events.CASE_CONFIRMED]
    assert actions(session, case.id) == ["cases:case:recorded", "cases:case:confirmed"]
    with pytest.raises(Problem) as caught:
        service.confirm(session, officer, case.id)
    assert caught.value.code == "case_wrong_status"


def test_the_same_specimen_twice_creates_nothing_twice(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    officer = crew["health_petaling"].account
    lab = result(person)
    first = service.record_result(session, officer, lab, channel="CSV")
    again = service.record_result(session, officer, lab, channel="API")
    assert first.created and not again.created and again.case.id == first.case.id
    assert count(session) == 1
    other = person_of(session, factories.sign_up(session))
    with pytest.raises(Problem) as caught:
        service.record_result(
            session,
            officer,
            result(other, specimen_id=lab.specimen_id),
            channel="API",
        )
    assert caught.value.code == "case_specimen_conflict" and caught.value.field == "specimen_id"
    assert count(session) == 1


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"source": "RUMOUR"}, "case_invalid_source", "source"),
        ({"category": 6}, "case_invalid_category", "category"),
        ({"district": "Atlantis"}, "case_invalid_district", "district"),
        ({"specimen_id": "no spaces"}, "case_invalid_specimen", "specimen_id"),
        ({"id_number": "900101015555"}, "case_person_unknown", "id_number"),
    ],
)
def test_bad_results_are_refused_and_nothing_written(
    session, crew, citizen, change, code, field
) -> None:
    person = person_of(session, citizen)
    if code == "case_person_unknown":
        change = {"id_type": "MYKAD", **change}
    with pytest.raises(Problem) as caught:
        service.record_result(
            session, crew["health_petaling"].account, result(person, **change), channel="API"
        )
    assert (caught.value.code, caught.value.field) == (code, field)
    assert count(session) == 0


def test_a_sample_in_the_future_is_refused(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    with pytest.raises(Problem) as caught:
        service.record_result(
            session,
            crew["health_petaling"].account,
            result(person, sample_at=clock.now() + timedelta(days=1)),
            channel="API",
        )
    assert (caught.value.code, caught.value.field) == ("case_invalid_time", "sample_at")


def test_an_officer_sees_and_acts_only_in_their_district(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    petaling, klang = crew["health_petaling"].account, crew["health_klang"].account
    national = crew["health_national"].account
    case = service.record_result(session, petaling, result(person), channel="API").case
    klang_case = service.record_result(
        session, national, result(person, district="Klang"), channel="API"
    ).case
    with pytest.raises(Problem) as caught:
        service.record_result(session, klang, result(person), channel="API")
    assert caught.value.code == "forbidden"
    for act in (
        lambda: access.get_case(session, klang, case.id),
        lambda: service.confirm(session, klang, case.id),
        lambda: retractions.request(session, klang, case.id, "wrong person on the form"),
    ):
        with pytest.raises(Problem) as caught:
            act()
        assert caught.value.code == "not_found"
    assert [c.id for c in service.list_cases(session, petaling)] == [case.id]
    assert [c.id for c in service.list_cases(session, klang)] == [klang_case.id]
    assert {c.id for c in service.list_cases(session, national)} == {case.id, klang_case.id}
    with pytest.raises(Problem) as caught:
        service.list_cases(session, crew["auditor"].account)
    assert caught.value.code == "forbidden"


def test_list_filters_by_status_and_sample_date(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    officer = crew["health_petaling"].account
    old = service.record_result(
        session, officer, result(person, sample_at=SAMPLE - timedelta(days=10)), channel="API"
    ).case
    new = service.record_result(
        session, officer, result(person, source="SELF_TEST"), channel="API"
    ).case
    day = clock.malaysia_date(SAMPLE)
    assert [c.id for c in service.list_cases(session, officer, status="PROVISIONAL")] == [new.id]
    assert [c.id for c in service.list_cases(session, officer, sampled_from=day)] == [new.id]
    assert [
        c.id for c in service.list_cases(session, officer, sampled_to=day - timedelta(days=1))
    ] == [old.id]


def test_retraction_needs_a_second_officer_of_the_district(session, crew, citizen, heard) -> None:
    person = person_of(session, citizen)
    maker, checker = crew["health_petaling"].account, crew["health_petaling2"].account
    case = service.record_result(session, maker, result(person), channel="API").case
    heard.clear()
    with pytest.raises(Problem) as caught:
        retractions.request(session, maker, case.id, "short")
    assert caught.value.code == "case_reason_required"
    asked = retractions.request(session, maker, case.id, "Specimen mislabelled at the lab")
    with pytest.raises(Problem) as caught:
        retractions.request(session, checker, case.id, "Another request for the same case")
    assert caught.value.code == "case_retraction_pending"
    with pytest.raises(Problem) as caught:
        retractions.decide(session, maker, asked.id, approve=True)
    assert caught.value.code == "self_approval"
    with pytest.raises(Problem) as caught:
        retractions.decide(session, crew["health_klang"].account, asked.id, approve=True)
    assert caught.value.code == "not_found"
    assert case.status == "CONFIRMED" and heard == []
    retractions.decide(session, checker, asked.id, approve=True)
    assert case.status == "RETRACTED" and asked.status == "EXECUTED"
    assert heard == [(events.CASE_RETRACTED, {"person_id": person.id, "case_ref": case.id})]
    assert actions(session, case.id)[-3:] == [
        "cases:retraction:requested",
        "cases:retraction:approved",
        "cases:case:retracted",
    ]
    with pytest.raises(Problem) as caught:
        retractions.decide(session, crew["health_national"].account, asked.id, approve=True)
    assert caught.value.code == "request_not_pending"
    with pytest.raises(Problem) as caught:
        retractions.request(session, checker, case.id, "Retract it once more please")
    assert caught.value.code == "case_wrong_status"


def test_a_rejected_or_expired_request_retracts_nothing(session, crew, citizen) -> None:
    person = person_of(session, citizen)
    maker, checker = crew["health_petaling"].account, crew["health_petaling2"].account
    case = service.record_result(session, maker, result(person), channel="API").case
    first = retractions.request(session, maker, case.id, "Specimen mislabelled at the lab")
    retractions.decide(session, checker, first.id, approve=False)
    assert first.status == "REJECTED" and case.status == "CONFIRMED"
    second = retractions.request(session, maker, case.id, "Specimen mislabelled, second try")
    with clock.frozen(clock.now()) as advance:
        advance(timedelta(hours=retractions.TTL_HOURS, seconds=1))
        with pytest.raises(Problem) as caught:
            retractions.decide(session, checker, second.id, approve=True)
        assert caught.value.code == "request_expired"
        third = retractions.request(session, maker, case.id, "Specimen mislabelled, third try")
    assert case.status == "CONFIRMED"
    statuses = session.scalars(
        select(CaseRetraction.status).where(CaseRetraction.case_id == case.id)
    ).all()
    assert sorted(statuses) == ["EXPIRED", "PENDING", "REJECTED"] and third.status == "PENDING"


def test_a_state_scope_covers_its_districts(session, crew, citizen) -> None:
    staff, _secret = requests.onboard(
        session,
        crew["admin"].account,
        [crew["approver"].account, crew["carol"].account],
        username="health.selangor",
        full_name="Health Selangor",
        grants=[{"role": "HEALTH_OFFICER", "scope_type": "STATE", "scope_code": "Selangor"}],
        password=factories.STAFF_PASSWORD,
    )
    person = person_of(session, citizen)
    case = service.record_result(
        session, staff, result(person, district="Klang"), channel="API"
    ).case
    assert access.get_case(session, staff, case.id) is case
    with pytest.raises(Problem) as caught:
        service.record_result(
            session, staff, result(person, state="Johor", district="Johor Bahru"), channel="API"
        )
    assert caught.value.code == "forbidden"
