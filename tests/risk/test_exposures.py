"""Exposures: recorded once per (case, person, kind), the policy applied once."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications.service import inbox
from sihat.risk import service
from sihat.risk.exposures import ExposureIn, record_exposures
from sihat.risk.models import Exposure
from sihat.risk.statuses import CASUAL_CONTACT, CLOSE_CONTACT, CONFIRMED, LOW_RISK
from tests import factories
from tests.risk.conftest import AFTER, BEFORE, notices, rows_of

MARCH_1 = datetime(2022, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia, the new policy's first day


def exposures_of(session, person_id: str) -> int:
    query = select(func.count()).select_from(Exposure).where(Exposure.person_id == person_id)
    return int(session.scalar(query) or 0)


def test_casual_contact_before_march_2022_gets_a_status_once(session) -> None:
    account = factories.sign_up(session)
    rows = [
        ExposureIn("CASUAL", "C-1", account.person_id, date(2022, 2, 9), "P-9", 45),
        ExposureIn("CASUAL", "C-1", account.person_id, date(2022, 2, 9), "P-9", 45),  # twice
    ]
    with clock.frozen(BEFORE):
        first = record_exposures(session, rows)
        assert (first.received, first.created, first.known, first.statuses) == (2, 1, 1, 1)
        shown = service.current(session, account.person_id)
        assert (shown.status, shown.reason) == (CASUAL_CONTACT, "casual_contact")
        assert shown.until is not None and clock.malaysia_date(shown.until) == date(2022, 2, 19)
        again = record_exposures(session, rows)
        assert (again.created, again.known, again.statuses, again.notified) == (0, 2, 0, 0)
    assert exposures_of(session, account.person_id) == 1
    assert len(rows_of(session, account.person_id)) == 1
    assert len(notices(session, account.phone)) == 1
    body = notices(session, account.phone)[0].body
    assert "C-1" not in body and "P-9" not in body


def test_casual_contact_from_march_2022_is_notified_only_once(session) -> None:
    account = factories.sign_up(session)
    rows = [ExposureIn("CASUAL", "C-2", account.person_id, date(2022, 3, 9), "P-9", 30)]
    with clock.frozen(AFTER):
        first = record_exposures(session, rows)
        assert (first.created, first.statuses, first.notified) == (1, 0, 1)
        assert service.current(session, account.person_id).status == LOW_RISK
        assert rows_of(session, account.person_id) == []
        again = record_exposures(session, rows)
        assert (again.created, again.notified) == (0, 0)
    sent = notices(session, account.phone)
    assert [m.template for m in sent] == ["risk_exposure"]
    assert "09/03/2022" in sent[0].body and "5 hari" in sent[0].body  # Malay by default
    [shown] = [m for m in inbox(session, account.phone) if m.template == "risk_exposure"]
    assert "5 days" in shown.body_en and "5 hari" in shown.body_ms
    assert "C-2" not in sent[0].body and "P-9" not in sent[0].body


@pytest.mark.parametrize(
    ("kind", "reason"), [("CLOSE", "close_contact"), ("BLUETOOTH", "bluetooth_contact")]
)
def test_close_and_bluetooth_contacts_become_close_contacts(session, kind, reason) -> None:
    account = factories.sign_up(session)
    with clock.frozen(AFTER):
        counts = record_exposures(
            session, [ExposureIn(kind, "C-3", account.person_id, date(2022, 3, 9))]
        )
        assert (counts.created, counts.statuses, counts.by_kind) == (1, 1, {kind: 1})
        shown = service.current(session, account.person_id)
        assert (shown.status, shown.reason, shown.source) == (CLOSE_CONTACT, reason, "EXPOSURE")
        # not fully vaccinated: the full ten days
        assert shown.until is not None and clock.malaysia_date(shown.until) == date(2022, 3, 19)


@pytest.mark.parametrize(
    ("exposed_on", "frozen_at", "vaccinated", "days"),
    [
        (date(2022, 3, 9), AFTER, True, 7),  # from 2022-03-01: vaccinated, no symptoms
        (date(2022, 3, 9), AFTER, False, 10),
        (date(2022, 2, 9), BEFORE, True, 10),  # before: ten days for everyone
        (date(2022, 2, 28), MARCH_1, True, 10),  # the exposure's date decides, not today's
    ],
)
def test_a_fully_vaccinated_close_contact_isolates_seven_days_from_march_2022(
    session, exposed_on, frozen_at, vaccinated, days
) -> None:
    account = factories.sign_up(session)
    with clock.frozen(frozen_at):
        record_exposures(
            session,
            [ExposureIn("CLOSE", "C-7", account.person_id, exposed_on)],
            fully_vaccinated={account.person_id} if vaccinated else set(),
        )
        shown = service.current(session, account.person_id)
    assert shown.status == CLOSE_CONTACT and shown.until is not None
    assert (clock.malaysia_date(shown.until) - exposed_on).days == days


def test_an_exposure_of_a_confirmed_case_is_kept_but_outranked(session) -> None:
    account = factories.sign_up(session)
    pid = account.person_id
    with clock.frozen(AFTER):
        service.set_status(
            session,
            pid,
            CONFIRMED,
            source="CASE",
            source_ref="C-0",
            reason="positive_test",
            starts_at=AFTER,
        )
        record_exposures(session, [ExposureIn("CLOSE", "C-4", pid, date(2022, 3, 10))])
        assert service.current(session, pid).status == CONFIRMED
        outcomes = {r.status: r.outcome for r in rows_of(session, pid)}
        assert outcomes == {CONFIRMED: "APPLIED", CLOSE_CONTACT: "IGNORED"}


def test_an_unknown_kind_is_refused_and_nothing_written(session) -> None:
    account = factories.sign_up(session)
    with pytest.raises(Problem) as refused:
        record_exposures(session, [ExposureIn("SMELL", "C-5", account.person_id, date(2022, 3, 9))])
    assert (refused.value.code, refused.value.field) == ("invalid_input", "kind")
    assert exposures_of(session, account.person_id) == 0
