"""The expiry job, as the scheduler runs it: its own transactions, idempotent."""

from __future__ import annotations

from datetime import timedelta

from sihat.core import clock, scheduler
from sihat.risk import service
from sihat.risk.jobs import expire_due
from sihat.risk.statuses import LOW_RISK, SUSPECTED
from tests import factories


def test_expiry_job_ends_due_statuses_once(fresh_database) -> None:
    assert scheduler.JOBS["risk-expiry"] is expire_due
    with clock.frozen(clock.now()) as advance:
        with fresh_database.unit_of_work() as s:
            pid = factories.sign_up(s).person_id
            service.set_status(
                s,
                pid,
                SUSPECTED,
                source="ASSESSMENT",
                source_ref=None,
                reason="symptoms_reported",
                starts_at=clock.now(),
            )
        assert expire_due(fresh_database) == 0
        advance(timedelta(days=3, minutes=1))
        assert expire_due(fresh_database) == 1
        assert expire_due(fresh_database) == 0
        with fresh_database.unit_of_work() as s:
            assert service.current(s, pid).status == LOW_RISK
            (row,) = service.history(s, pid)
            assert (row.end_reason, row.is_current) == ("EXPIRED", False)
