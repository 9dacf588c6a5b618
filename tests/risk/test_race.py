"""Several writers give one person a status at the same moment: exactly one current row, and
each caller either succeeds or gets a clean ``conflict``."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.risk import service
from sihat.risk.models import RiskStatus
from sihat.risk.statuses import CASUAL_CONTACT, CLOSE_CONTACT, CONFIRMED, SUSPECTED
from tests import factories

RACERS = 6
STATUSES = [CONFIRMED, SUSPECTED, CLOSE_CONTACT, CASUAL_CONTACT, CLOSE_CONTACT, SUSPECTED]


def test_one_current_status_when_writers_race(fresh_database) -> None:
    with fresh_database.unit_of_work() as s:
        pid = factories.sign_up(s).person_id
    barrier = threading.Barrier(RACERS, timeout=30)
    at = clock.now()

    def give(i: int) -> str:
        with fresh_database.sessions() as s:
            barrier.wait()
            try:
                with s.begin():
                    service.set_status(
                        s,
                        pid,
                        STATUSES[i],
                        source="MANUAL",
                        source_ref=f"r{i}",
                        reason="officer_decision",
                        starts_at=at,
                    )
            except Problem as problem:
                return problem.code
            return "given"

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(give, range(RACERS)))
    assert set(results) <= {"given", "conflict"} and "given" in results
    with fresh_database.unit_of_work() as s:
        current = s.scalar(
            select(func.count())
            .select_from(RiskStatus)
            .where(RiskStatus.person_id == pid, RiskStatus.is_current)
        )
        assert current == 1
        assert service.current(s, pid).status == CONFIRMED
        assert len(service.history(s, pid)) == results.count("given")


@pytest.mark.parametrize("paths", [(True, True), (True, False)], ids=["bulk", "bulk-and-one"])
def test_the_same_exposures_reported_twice_at_once_count_once(fresh_database, paths) -> None:
    from sihat.notifications.service import messages_to
    from sihat.risk.exposures import ExposureIn, record_exposures
    from sihat.risk.models import Exposure

    with fresh_database.unit_of_work() as s:
        accounts = [factories.sign_up(s) for _ in range(3)]
    people = [a.person_id for a in accounts]
    rows = [ExposureIn("CLOSE", "MY-RACE-1", pid, clock.today_my()) for pid in people]
    barrier = threading.Barrier(2, timeout=30)

    def report(i: int) -> int:
        with fresh_database.sessions() as s:
            barrier.wait()
            with s.begin():
                given = rows if i else list(reversed(rows))
                return record_exposures(s, given, bulk=paths[i]).created

    with ThreadPoolExecutor(2) as pool:
        created = list(pool.map(report, range(2)))
    assert sum(created) == 3
    with fresh_database.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(Exposure)) == 3
        for account in accounts:
            assert service.current(s, account.person_id).status == CLOSE_CONTACT
            assert len(service.history(s, account.person_id)) == 1
            assert len(messages_to(s, account.phone, "risk_status")) == 1


def test_a_status_given_during_a_bulk_chunk_leaves_one_current_status(fresh_database) -> None:
    """``set_status`` on one person and the bulk path on a chunk that includes them, at the
    same moment, many times over: both succeed in turn (the same person lock), and each
    person keeps exactly one current row, the right one."""
    from sihat.notifications.service import messages_to
    from sihat.risk.exposures import ExposureIn, record_exposures

    rounds = 8
    with fresh_database.unit_of_work() as s:
        accounts = [factories.sign_up(s) for _ in range(rounds + 4)]
    others = [a.person_id for a in accounts[rounds:]]

    def single(pid: str, barrier: threading.Barrier) -> str:
        with fresh_database.sessions() as s:
            barrier.wait()
            with s.begin():
                service.set_status(
                    s,
                    pid,
                    CONFIRMED,
                    source="CASE",
                    source_ref=f"case-{pid}",
                    reason="positive_test",
                    starts_at=clock.now(),
                )
            return "given"

    def chunk(pid: str, barrier: threading.Barrier) -> str:
        rows = [ExposureIn("CLOSE", f"MY-RACE-{pid}", p, clock.today_my()) for p in [pid, *others]]
        with fresh_database.sessions() as s:
            barrier.wait()
            with s.begin():
                record_exposures(s, rows)
            return "recorded"

    with ThreadPoolExecutor(2) as pool:
        for account in accounts[:rounds]:
            barrier = threading.Barrier(2, timeout=30)
            done = [
                pool.submit(single, account.person_id, barrier),
                pool.submit(chunk, account.person_id, barrier),
            ]
            assert sorted(f.result(timeout=60) for f in done) == ["given", "recorded"]
    with fresh_database.unit_of_work() as s:
        for account in accounts:
            current = s.scalar(
                select(func.count())
                .select_from(RiskStatus)
                .where(RiskStatus.person_id == account.person_id, RiskStatus.is_current)
            )
            assert current == 1
        for account in accounts[:rounds]:
            assert service.current(s, account.person_id).status == CONFIRMED
            outcomes = sorted(r.outcome for r in service.history(s, account.person_id))
            # CONFIRMED first: the close contact IGNORED; the close contact first: SUPERSEDED
            assert outcomes in (["APPLIED", "IGNORED"], ["APPLIED", "SUPERSEDED"])
            told = [m.body for m in messages_to(s, account.phone, "risk_status")]
            assert told[-1].startswith("sihat: status risiko anda kini Kes positif")
        for account in accounts[rounds:]:
            assert service.current(s, account.person_id).status == CLOSE_CONTACT
            assert len(service.history(s, account.person_id)) == rounds
