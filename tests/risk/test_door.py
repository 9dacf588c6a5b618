"""The premise door: red for CONFIRMED, SUSPECTED and CLOSE_CONTACT; otherwise what the
vaccination provider says. One query per batch, nothing written."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from sihat.checkins import status as door
from sihat.core import clock
from sihat.risk import service
from sihat.risk.door import door_status
from sihat.risk.statuses import (
    CASUAL_CONTACT,
    CLOSE_CONTACT,
    CONFIRMED,
    PERSON_UNDER_SURVEILLANCE,
    SUSPECTED,
)
from tests import factories


def test_high_risk_statuses_are_red_at_the_door_and_nothing_else(session) -> None:
    people = {}
    for status in (CONFIRMED, SUSPECTED, CLOSE_CONTACT, PERSON_UNDER_SURVEILLANCE, CASUAL_CONTACT):
        pid = factories.sign_up(session).person_id
        service.set_status(
            session,
            pid,
            status,
            source="MANUAL",
            source_ref=None,
            reason="officer_decision",
            starts_at=clock.now(),
        )
        people[status] = pid
    nobody = factories.sign_up(session).person_id
    ids = [*people.values(), nobody]
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    session.flush()
    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        answer = door_status(session, ids)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert answer == dict.fromkeys(
        [people[CONFIRMED], people[SUSPECTED], people[CLOSE_CONTACT]], "high_risk"
    )
    assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT")
    shown = door.statuses(session, ids)  # the vaccination provider first, risk after it
    assert shown[people[CLOSE_CONTACT]] == "high_risk"
    assert shown[people[CASUAL_CONTACT]] == "none" and shown[nobody] == "none"


def test_an_expired_status_is_not_red_even_before_the_expiry_job(session) -> None:
    pid = factories.sign_up(session).person_id
    with clock.frozen(clock.now()) as advance:
        service.set_status(
            session,
            pid,
            CLOSE_CONTACT,
            source="MANUAL",
            source_ref=None,
            reason="close_contact",
            starts_at=clock.now(),
        )
        assert door_status(session, [pid]) == {pid: "high_risk"}
        advance(timedelta(days=10, seconds=1))
        assert door_status(session, [pid]) == {}
    assert door_status(session, []) == {}


def test_a_close_contact_checking_in_is_red_at_the_door(client, session) -> None:
    from tests.checkins.conftest import citizen, code_of, premise

    alice, owner = citizen(session), citizen(session)
    shop = premise(session, owner.account)
    service.set_status(
        session,
        alice.account.person_id,
        CLOSE_CONTACT,
        source="EXPOSURE",
        source_ref=None,
        reason="household_contact",
        starts_at=clock.now(),
    )
    session.commit()
    r = client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
    assert r.status_code == 201, r.text
    (visit,) = r.json()["visits"]
    assert visit["door"]["status"] == "high_risk" and visit["door"]["colour"] == "red"
    assert "Berisiko tinggi" in r.text and "High risk" in r.text
