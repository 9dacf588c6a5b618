"""Identity proofing at sign-up (#17): typing someone's identity number does not hand over
their record; a phone on that record, proven by the one-time code, does."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from sihat.core.alerts import Alert
from sihat.core.errors import Problem
from sihat.identity import accounts, proofing, service
from sihat.notifications.service import messages_to
from sihat.registration import service as registration
from sihat.security import service as security
from sihat.security.models import SecurityEvent
from sihat.security.sink import SINK
from tests import factories
from tests.identity.test_accounts import otp_for, signup_body


@pytest.fixture(autouse=True)
def _empty_sink() -> Iterator[None]:
    """Security events wait in a per-process buffer: start with it empty."""
    SINK.clear()
    yield
    SINK.clear()


def sign_up_as(session, typed: factories.SyntheticPerson, phone: str):
    """Sign up with ``typed``'s identity (exact name, date of birth, sex) from ``phone``."""
    challenge, code = accounts.start_otp(session, phone)
    return accounts.sign_up(
        session,
        challenge_id=challenge.id,
        code=code,
        phone=phone,
        password=factories.PASSWORD,
        identity=factories.identity_of(typed),
    )


def test_someone_elses_number_does_not_hand_over_their_record(session, db) -> None:
    """The hole: the victim registered on the web form (a record with a priority phase,
    which tells health facts) and has no account; an attacker signing up with her number
    and her exact details got her record. Now the attacker's account has a record of its
    own, the victim's stays hers, and the claim is a security event and an alert."""
    victim, attacker = factories.adult(), factories.adult()
    registration.register_web(session, factories.identity_of(victim), victim.phone, _facts())
    record = service.find_person(session, victim.id_type, victim.id_number)
    assert record is not None

    account = sign_up_as(session, victim, attacker.phone)

    assert account.person_id != record.id and proofing.is_unproven(account.person)
    assert service.find_person(session, victim.id_type, victim.id_number) is record
    assert service.active_account_of(session, record.id) is None
    assert account.person.verified_at is None  # a claim is never verified online
    with pytest.raises(Problem) as refused:  # no registration under someone's number
        registration.register_self(session, account, _facts())
    assert refused.value.code == "identity_unproven"
    assert "kaunter" in refused.value.detail_ms and "counter" in refused.value.detail_en
    told = messages_to(session, attacker.phone, "identity_unproven")
    assert len(told) == 1 and "kaunter" in told[0].body
    session.commit()
    security.flush(db)
    event = session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "IDENTITY_CLAIM"))
    assert event.one().details["account_id"] == account.id
    alert = session.scalars(select(Alert).where(Alert.kind == "IDENTITY_CLAIM")).one()
    assert alert.subject_id == account.id and alert.details["claimed_person_id"] == record.id


def test_a_phone_typed_into_the_web_form_is_no_proof(session) -> None:
    """Anyone may type any phone on the anonymous form: the owner of that phone is not
    thereby the person (the victim's own sign-up waits for a counter as well)."""
    victim = factories.adult()
    registration.register_web(session, factories.identity_of(victim), victim.phone, _facts())
    account = sign_up_as(session, victim, victim.phone)
    assert proofing.is_unproven(account.person)


def test_the_phone_staff_recorded_is_proof(session) -> None:
    """At the hotline or a registration desk the person gives their phone to staff; signing
    up from that phone (proven by the code) takes the record over, with its registration."""
    staff = factories.staff_personas(session)
    owner, stranger = factories.adult(), factories.adult()
    reg, _ = registration.register_by_staff(
        session,
        staff["hotline"].account,
        "HOTLINE",
        factories.identity_of(owner),
        _facts(),
        phone=owner.phone,
    )
    with session.begin_nested() as attempt:  # someone else's phone: no proof
        assert proofing.is_unproven(sign_up_as(session, owner, stranger.phone).person)
        attempt.rollback()
    account = sign_up_as(session, owner, owner.phone)
    assert account.person_id == reg.person_id and not proofing.is_unproven(account.person)
    assert registration.register_self(session, account, _facts())[0].id == reg.id


def test_the_api_and_the_pages_tell_what_to_do(client, session) -> None:
    victim, attacker = factories.adult(), factories.adult()
    registration.register_web(session, factories.identity_of(victim), victim.phone, _facts())
    session.commit()
    challenge_id, code = otp_for(client, session, attacker.phone)
    as_victim = dataclasses.replace(victim, phone=attacker.phone)
    created = client.post("/api/v1/accounts", json=signup_body(as_victim, challenge_id, code))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["record_unlinked"] is True
    assert "kaunter" in body["next_step_ms"] and "counter" in body["next_step_en"]
    page = client.get("/login?done=2&lang=en")
    assert "counter" in page.text and 'id="signup-unlinked"' in page.text
    assert 'id="signup-done"' not in page.text


def _facts() -> registration.Facts:
    return registration.Facts()
