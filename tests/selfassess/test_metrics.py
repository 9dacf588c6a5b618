"""The completion metric equals a brute-force count over the rows (random days, districts,
outcomes), nationally and for one district; the live audit extract carries it."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import and_, select

from sihat.audit_live.sources_governance import app_metrics
from sihat.checkins.models import CheckInAggregate
from sihat.core import clock
from sihat.selfassess import metrics
from sihat.selfassess.models import Assessment, DailyTask
from tests import factories

DISTRICTS = [("Selangor", "Petaling"), ("Selangor", "Klang"), ("Johor", "Muar")]


def _random_rows(session, rng: random.Random, days: int = 6) -> None:
    accounts = [factories.sign_up(session) for _ in range(8)]
    today = clock.today_my()
    now = clock.now()
    for account in accounts:
        for back in range(days):
            day = today - timedelta(days=back)
            state, district = rng.choice(DISTRICTS)
            if rng.random() < 0.6:
                session.add(
                    Assessment(
                        person_id=account.person_id,
                        account_id=account.id,
                        day=day,
                        version="HAT-2021-01",
                        answers={},
                        state=state,
                        district=district,
                        started_at=now,
                        completed_at=now if rng.random() < 0.5 else None,
                    )
                )
            if rng.random() < 0.7:
                session.add(
                    DailyTask(
                        person_id=account.person_id,
                        day=day,
                        risk_status="PERSON_UNDER_SURVEILLANCE",
                        status=rng.choice(["DUE", "DONE", "MISSED"]),
                        state=state,
                        district=district,
                        created_at=now,
                    )
                )
    session.flush()


def _brute(session, day, place=None) -> tuple[int, int, int, int]:
    def here(row) -> bool:
        return place is None or (row.state, row.district) == place

    assessments = [a for a in session.scalars(select(Assessment)) if a.day == day and here(a)]
    tasks = [t for t in session.scalars(select(DailyTask)) if t.day == day and here(t)]
    return (
        len(assessments),
        sum(1 for a in assessments if a.completed_at is not None),
        len(tasks),
        sum(1 for t in tasks if t.status == "DONE"),
    )


def test_completion_by_day_equals_a_brute_force_count(session) -> None:
    _random_rows(session, random.Random(14))
    today = clock.today_my()
    first = today - timedelta(days=7)
    for d in metrics.by_day(session, first, today):
        assert (d.started, d.completed, d.tasks_due, d.tasks_done) == _brute(session, d.day)
    petaling = DISTRICTS[0]
    in_a = and_(Assessment.state == petaling[0], Assessment.district == petaling[1])
    in_t = and_(DailyTask.state == petaling[0], DailyTask.district == petaling[1])
    for d in metrics.by_day(session, first, today, assessments_in=in_a, tasks_in=in_t):
        assert (d.started, d.completed, d.tasks_due, d.tasks_done) == _brute(
            session, d.day, petaling
        )
    assert sum(d.tasks_due for d in metrics.recent(session, days=8)) > 0


def test_the_audit_extract_counts_accounts_that_completed_one(session) -> None:
    _random_rows(session, random.Random(7))
    today = clock.today_my()
    for back in range(1, 6):
        session.add(
            CheckInAggregate(
                day=today - timedelta(days=back),
                state="",
                bucket=-1,
                checkins=1,
                unique_ind=1,
                unique_loc=1,
                computed_at=clock.now(),
            )
        )
    session.flush()
    done = [a for a in session.scalars(select(Assessment)) if a.completed_at is not None]
    for row in app_metrics(session):
        first_days: dict[str, object] = {}
        for a in done:
            first_days[a.account_id] = min(first_days.get(a.account_id, a.day), a.day)
        users = sum(1 for d in first_days.values() if d <= row["date"])
        assert row["self_assessment_users_cumulative"] == users
        brute = _brute(session, row["date"])
        assert (
            row["self_assessment_started"],
            row["self_assessment_completed"],
            row["self_assessment_tasks_due"],
            row["self_assessment_tasks_done"],
        ) == brute
