"""The case register's events: confirmed gives CONFIRMED, retracted ends it (history kept)."""

from __future__ import annotations

from datetime import date, timedelta

from sihat.core import clock, hooks
from sihat.risk import service
from sihat.risk.exposures import ExposureIn, record_exposures
from sihat.risk.statuses import CLOSE_CONTACT, CONFIRMED, LOW_RISK
from tests import factories
from tests.risk.conftest import AFTER, currents, notices, rows_of

CONFIRMED_EVENT = "cases:case:confirmed"
RETRACTED_EVENT = "cases:case:retracted"


def test_a_confirmed_case_is_confirmed_once_from_onset(session) -> None:
    account = factories.sign_up(session)
    pid = account.person_id
    onset, sample = AFTER - timedelta(days=2), AFTER
    with clock.frozen(AFTER + timedelta(hours=3)):
        for _ in range(2):
            hooks.emit(
                CONFIRMED_EVENT,
                session,
                person_id=pid,
                case_ref="MY-2022-77",
                sample_at=sample,
                onset_at=onset,
            )
        shown = service.current(session, pid)
        assert (shown.status, shown.reason, shown.source, shown.since) == (
            CONFIRMED,
            "positive_test",
            "CASE",
            onset,
        )
        assert shown.until == onset + timedelta(days=10)  # symptomatic: no shorter isolation
    assert len(rows_of(session, pid)) == 1
    assert all("MY-2022-77" not in m.body for m in notices(session, account.phone))


def test_a_retracted_case_falls_back_to_what_else_applies(session) -> None:
    account = factories.sign_up(session)
    pid = account.person_id
    with clock.frozen(AFTER):
        record_exposures(session, [ExposureIn("CLOSE", "MY-2022-1", pid, date(2022, 3, 10))])
        hooks.emit(
            CONFIRMED_EVENT,
            session,
            person_id=pid,
            case_ref="MY-2022-2",
            sample_at=AFTER,
            onset_at=None,
        )
        assert service.current(session, pid).status == CONFIRMED
        hooks.emit(RETRACTED_EVENT, session, person_id=pid, case_ref="MY-2022-2")
        assert service.current(session, pid).status == CLOSE_CONTACT
        hooks.emit(RETRACTED_EVENT, session, person_id=pid, case_ref="MY-2022-2")  # again
        assert currents(session, pid) == 1
        history = {r.status: r for r in rows_of(session, pid)}
        assert history[CONFIRMED].end_reason == "RETRACTED"
        assert history[CONFIRMED].ended_at is not None and not history[CONFIRMED].is_current
        assert history[CLOSE_CONTACT].is_current
        # confirmed again after a retraction (a new result for the same case): a new row
        hooks.emit(
            CONFIRMED_EVENT,
            session,
            person_id=pid,
            case_ref="MY-2022-2",
            sample_at=AFTER,
            onset_at=None,
        )
        assert service.current(session, pid).status == CONFIRMED
    statuses = [
        m.body.split(" kini ")[1].split(" hingga")[0] for m in notices(session, account.phone)
    ]
    assert statuses == ["Kontak rapat", "Kes positif", "Kontak rapat", "Kes positif"]


def test_retracting_the_only_status_leaves_low_risk(session) -> None:
    pid = factories.sign_up(session).person_id
    hooks.emit(
        CONFIRMED_EVENT,
        session,
        person_id=pid,
        case_ref="MY-9",
        sample_at=clock.now(),
        onset_at=None,
    )
    hooks.emit(RETRACTED_EVENT, session, person_id=pid, case_ref="MY-9")
    assert service.current(session, pid).status == LOW_RISK
    assert currents(session, pid) == 0
