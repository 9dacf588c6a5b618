"""One current status per person, precedence, durations by policy version, history, notices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications.service import inbox, set_preferences
from sihat.risk import service
from sihat.risk.models import RiskStatus
from sihat.risk.statuses import (
    CASUAL_CONTACT,
    CLOSE_CONTACT,
    CONFIRMED,
    LOW_RISK,
    PERSON_UNDER_SURVEILLANCE,
    SUSPECTED,
)
from tests import factories
from tests.risk.conftest import AFTER, BEFORE, currents, notices, rows_of


def give(session, person_id, status, at, ref="ref-1", **kw) -> RiskStatus:
    source = kw.pop("source", "MANUAL")
    reason = kw.pop("reason", "officer_decision")
    return service.set_status(
        session,
        person_id,
        status,
        source=source,
        source_ref=ref,
        reason=reason,
        starts_at=at,
        **kw,
    )


def test_nobody_is_low_risk_by_default(session) -> None:
    account = factories.sign_up(session)
    shown = service.current(session, account.person_id)
    assert (shown.status, shown.reason, shown.until) == (LOW_RISK, "no_risk", None)
    assert service.history(session, account.person_id) == []


@pytest.mark.parametrize(
    ("at", "vaccinated", "symptomatic", "days", "version"),
    [
        (BEFORE, True, False, 10, "MYRISK-2021-01"),
        (BEFORE, False, None, 10, "MYRISK-2021-01"),
        (AFTER, True, False, 7, "MYRISK-2022-03"),
        (AFTER, True, True, 10, "MYRISK-2022-03"),
        (AFTER, False, False, 10, "MYRISK-2022-03"),
    ],
)
def test_confirmed_isolation_by_policy_version(
    session, at, vaccinated, symptomatic, days, version
) -> None:
    account = factories.sign_up(session)
    with clock.frozen(at + timedelta(hours=1)):
        row = give(
            session,
            account.person_id,
            CONFIRMED,
            at,
            source="CASE",
            reason="positive_test",
            fully_vaccinated=vaccinated,
            symptomatic=symptomatic,
        )
        assert (row.outcome, row.is_current, row.policy_version) == ("APPLIED", True, version)
        assert row.expires_at - row.starts_at == timedelta(days=days)
        shown = service.current(session, account.person_id)
        assert (shown.status, shown.until, shown.policy_version) == (
            CONFIRMED,
            row.expires_at,
            version,
        )


def test_a_lower_status_never_replaces_a_higher_one(session) -> None:
    pid = factories.sign_up(session).person_id
    with clock.frozen(BEFORE):
        close = give(session, pid, CLOSE_CONTACT, BEFORE, reason="close_contact")
        for lower in (PERSON_UNDER_SURVEILLANCE, CASUAL_CONTACT):
            ignored = give(session, pid, lower, BEFORE + timedelta(days=2), reason="travel")
            assert (ignored.outcome, ignored.is_current, ignored.ended_at) == (
                "IGNORED",
                False,
                None,
            )
        assert service.current(session, pid).status == CLOSE_CONTACT
        higher = give(session, pid, SUSPECTED, BEFORE, reason="symptoms_reported")
        assert higher.outcome == "APPLIED" and service.current(session, pid).status == SUSPECTED
        session.refresh(close)
        assert (close.outcome, close.is_current, close.ended_at) == ("SUPERSEDED", False, None)
        assert currents(session, pid) == 1
        assert len(service.history(session, pid)) == 4


def test_the_same_status_again_counts_only_if_it_lasts_longer(session) -> None:
    pid = factories.sign_up(session).person_id
    with clock.frozen(BEFORE):
        first = give(session, pid, CLOSE_CONTACT, BEFORE, reason="close_contact")
        earlier = give(session, pid, CLOSE_CONTACT, BEFORE - timedelta(days=1), ref="r2")
        assert earlier.outcome == "IGNORED"
        later = give(session, pid, CLOSE_CONTACT, BEFORE + timedelta(days=3), ref="r3")
        assert later.outcome == "APPLIED"
        session.refresh(first)
        assert first.outcome == "SUPERSEDED"
        assert service.current(session, pid).until == later.expires_at


def test_when_the_higher_status_ends_the_lower_one_still_standing_applies(session) -> None:
    pid = factories.sign_up(session).person_id
    with clock.frozen(BEFORE) as advance:
        give(session, pid, SUSPECTED, BEFORE, reason="symptoms_reported")  # 3 days
        pus = give(session, pid, PERSON_UNDER_SURVEILLANCE, BEFORE, ref="r2", reason="travel")
        assert pus.outcome == "IGNORED"
        advance(timedelta(days=4))
        # past its expiry SUSPECTED is not shown, even before the job: what stands behind it is
        assert service.current(session, pid).status == PERSON_UNDER_SURVEILLANCE
        assert service.expire(session) == 1
        assert service.current(session, pid).status == PERSON_UNDER_SURVEILLANCE
        assert service.expire(session) == 0  # nothing due: a second run changes nothing
        advance(timedelta(days=7))
        assert service.expire(session) == 1
        assert service.current(session, pid).status == LOW_RISK
        assert service.expire(session) == 0
        assert currents(session, pid) == 0
        assert {r.end_reason for r in rows_of(session, pid)} == {"EXPIRED"}


def test_a_status_already_past_its_expiry_is_history_only(session) -> None:
    pid = factories.sign_up(session).person_id
    with clock.frozen(AFTER):
        row = give(session, pid, CLOSE_CONTACT, AFTER - timedelta(days=30), reason="close_contact")
        assert (row.is_current, row.end_reason) == (False, "EXPIRED")
        assert service.current(session, pid).status == LOW_RISK


@pytest.mark.parametrize(
    ("status", "source", "reason", "field"),
    [
        ("HAPPY", "MANUAL", "officer_decision", "status"),
        (LOW_RISK, "MANUAL", "officer_decision", "status"),
        (CONFIRMED, "RUMOUR", "officer_decision", "source"),
        (CONFIRMED, "MANUAL", "bad_luck", "reason"),
    ],
)
def test_unknown_words_are_refused_and_nothing_written(
    session, status, source, reason, field
) -> None:
    pid = factories.sign_up(session).person_id
    with pytest.raises(Problem) as refused:
        service.set_status(
            session,
            pid,
            status,
            source=source,
            source_ref=None,
            reason=reason,
            starts_at=clock.now(),
        )
    assert (refused.value.code, refused.value.field) == ("invalid_input", field)
    assert rows_of(session, pid) == []


def test_the_database_holds_one_current_row_per_person(session) -> None:
    pid = factories.sign_up(session).person_id
    give(session, pid, CLOSE_CONTACT, clock.now(), reason="close_contact")
    now = clock.now()
    second = RiskStatus(
        person_id=pid,
        status=CONFIRMED,
        reason="positive_test",
        source="MANUAL",
        policy_version="x",
        starts_at=now,
        expires_at=now + timedelta(days=1),
        created_at=now,
        outcome="APPLIED",
        is_current=True,
    )
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(second)
        session.flush()


def test_each_change_reaches_the_person_in_their_language_without_naming_the_case(
    session,
) -> None:
    account = factories.sign_up(session)
    pid, phone = account.person_id, account.phone
    with clock.frozen(AFTER) as advance:
        give(
            session,
            pid,
            CONFIRMED,
            AFTER,
            ref="CASE-2022-0001234",
            source="CASE",
            reason="positive_test",
        )
        sent = notices(session, phone)
        assert len(sent) == 1
        body = sent[0].body  # Malay unless the person chose English
        assert "Kes positif" in body and "hingga 20/03/2022" in body
        [shown] = [m for m in inbox(session, phone) if m.template == "risk_status"]
        assert "Confirmed case" in shown.body_en and "until 20/03/2022" in shown.body_en
        assert all("CASE-2022" not in t and "0001234" not in t for t in (body, shown.body_en))
        give(session, pid, CASUAL_CONTACT, AFTER, ref="r2", reason="casual_contact")
        assert len(notices(session, phone)) == 1  # ignored: what the person sees is unchanged
        set_preferences(session, phone, language="en", quiet_hours=True, opted_out=[])
        advance(timedelta(days=11))
        service.expire(session)
        last = notices(session, phone)[-1]
        assert len(notices(session, phone)) == 2
        assert last.language == "en" and "Low risk" in last.body and "until" not in last.body


def test_a_dependents_change_reaches_the_guardian_without_naming_anyone(session) -> None:
    from sihat.identity import service as identity

    guardian = factories.sign_up(session)
    kid = factories.child()
    link = identity.add_dependent(session, guardian, factories.identity_of(kid), "CHILD")
    give(session, link.person_id, CLOSE_CONTACT, clock.now(), reason="close_contact")
    sent = notices(session, guardian.phone)
    assert [m.template for m in sent] == ["risk_status_dependent"]
    assert kid.full_name not in sent[0].body
