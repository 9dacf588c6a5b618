"""The officer's per-case view: the case's visits in its infectious window (tracing.md §1 rules
1-3), counts per premise, never another person's identity, every read logged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from sihat.cases import service, visits
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from tests import factories
from tests.cases.conftest import SAMPLE, bearer, person_of, premise, result, visit


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_window_rule() -> None:
    onset = SAMPLE - timedelta(days=3)
    iso = SAMPLE + timedelta(hours=5)
    assert visits.infectious_window(SAMPLE, None, None) == (
        SAMPLE - timedelta(days=2),
        SAMPLE + timedelta(hours=24),
    )
    assert visits.infectious_window(SAMPLE, onset, iso) == (onset - timedelta(days=2), iso)


def test_visit_interval_rule() -> None:
    rows = [
        (at(17, 10), at(17, 12)),  # checked out
        (at(17, 15), at(17, 14)),  # check-out before check-in: ignored, next check-in ends it
        (at(17, 15, 20), None),  # default 60 minutes
    ]
    assert visits.visit_intervals(rows) == [
        (at(17, 10), at(17, 12)),
        (at(17, 15), at(17, 15, 20)),
        (at(17, 15, 20), at(17, 16, 20)),
    ]


@pytest.fixture
def traced(session, crew, citizen):
    person = person_of(session, citizen)
    owner = factories.sign_up(session)
    a, b = premise(session, owner, "Kedai A"), premise(session, owner, "Restoran B")
    me = person.id
    visit(session, a, me, at(15, 0), person_id=me)  # before the window
    visit(session, a, me, at(16, 1, 30), person_id=me)  # cut to [02:00, 02:30)
    visit(session, a, me, at(17, 10), out=at(17, 12), person_id=me)  # 120 min
    visit(session, a, me, at(17, 15), person_id=me)  # ended by the next check-in: 20 min
    visit(session, b, me, at(17, 15, 20), person_id=me)  # 60 min
    visit(session, b, me, at(19, 3), person_id=me)  # after the window
    others = factories.sign_up(session)
    visit(session, a, "person-x", at(17, 11), person_id=others.person_id)
    visit(session, a, "person-x", at(17, 15, 5), person_id=others.person_id)
    visit(session, a, "person-y", at(17, 12, 20))  # within the 30 minutes' linger
    visit(session, a, "person-z", at(17, 13))  # after the linger
    visit(session, b, "phone:60123456789", at(17, 15, 30))  # a manual visitor
    visit(session, b, "person-w", at(17, 16, 40))
    case = service.record_result(
        session, crew["health_petaling"].account, result(person), channel="API"
    ).case
    return case, a, b


def test_visits_in_the_window_counted_per_premise(session, crew, traced) -> None:
    case, a, b = traced
    found = visits.case_visits(session, crew["health_petaling"].account, case.id)
    assert found.window == (at(16, 2), at(19, 2))
    by = {p.premise_id: p for p in found.premises}
    assert [p.premise_id for p in found.premises] == [a.id, b.id]
    assert by[a.id].visits == [
        (at(16, 2), at(16, 2, 30)),
        (at(17, 10), at(17, 12)),
        (at(17, 15), at(17, 15, 20)),
    ]
    assert (by[a.id].minutes, by[a.id].others) == (170, 2)
    assert (len(by[b.id].visits), by[b.id].minutes, by[b.id].others) == (1, 60, 2)
    assert found.visit_count == 4


def test_every_read_is_logged_and_scoped(session, crew, traced) -> None:
    case, _a, _b = traced
    for _ in range(2):
        visits.case_visits(session, crew["health_national"].account, case.id)
    reads = session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "cases:case:visits_read", AuditEvent.target_id == case.id
        )
    ).all()
    assert len(reads) == 2 and reads[0].actor_id == crew["health_national"].account.id
    with pytest.raises(Problem) as caught:
        visits.case_visits(session, crew["health_klang"].account, case.id)
    assert caught.value.code == "not_found"


def test_visits_api_names_no_other_person(client, session, crew, traced) -> None:
    case, a, _b = traced
    answer = client.get(
        f"/api/v1/cases/{case.id}/visits", headers=bearer(session, crew["health_petaling"])
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["visits"] == 4 and body["premises"][0]["premise_id"] == a.id
    for secret in ("person-x", "person-y", "person-w", "60123456789"):
        assert secret not in answer.text
    other = client.get(
        f"/api/v1/cases/{case.id}/visits", headers=bearer(session, crew["health_klang"])
    )
    assert other.status_code == 404 and other.json()["code"] == "not_found"


def test_pages_show_visits_only_when_the_read_is_logged(client, session, crew, traced) -> None:
    case, _a, _b = traced
    persona = crew["health_petaling"]
    client.post(
        "/staff/login",
        data={
            "username": persona.account.username,
            "password": factories.STAFF_PASSWORD,
            "totp": persona.totp(),
            "next": "",
        },
        follow_redirects=False,
    )

    def reads() -> int:
        return len(
            session.scalars(
                select(AuditEvent).where(AuditEvent.action == "cases:case:visits_read")
            ).all()
        )

    shown = client.get(f"/staff/cases/{case.id}?lang=en")
    assert shown.status_code == 200 and 'id="visits"' in shown.text and reads() == 1
    refused = client.post(f"/staff/cases/{case.id}/confirm")  # already confirmed
    assert refused.status_code == 409 and 'data-code="case_wrong_status"' in refused.text
    assert case.case_no in refused.text and 'id="visits"' not in refused.text
