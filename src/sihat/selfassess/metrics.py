"""Completion, the metric the audit measured (1.2% of users completed the self-assessment):
per Malaysia day, assessments started and completed, tasks due and done; distinct accounts
that ever completed one (the live audit extract's ``self_assessment_users_cumulative``); and
self-test results by day. Counted in SQL with GROUP BY; tests compare them with a brute-force
count over the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.selfassess.models import Assessment, DailyTask, SelfTest


@dataclass(frozen=True)
class Day:
    day: date
    started: int  # assessments started that day
    completed: int  # of those, completed
    tasks_due: int  # tasks set that day (whatever became of them)
    tasks_done: int  # of those, done

    @property
    def completion_pct(self) -> float | None:
        """Tasks done over tasks due, percent (None when none were due)."""
        return round(100.0 * self.tasks_done / self.tasks_due, 1) if self.tasks_due else None


def by_day(
    session: Session,
    first: date,
    last: date,
    *,
    assessments_in: ColumnElement[bool] | None = None,
    tasks_in: ColumnElement[bool] | None = None,
) -> list[Day]:
    """One :class:`Day` per date from ``first`` to ``last``; ``assessments_in`` and
    ``tasks_in`` narrow to an area (filters on each table's ``state``/``district``)."""
    a_where = assessments_in if assessments_in is not None else true()
    t_where = tasks_in if tasks_in is not None else true()
    started = dict(
        session.execute(
            select(Assessment.day, func.count())
            .where(a_where, Assessment.day.between(first, last))
            .group_by(Assessment.day)
        ).all()
    )
    completed = dict(
        session.execute(
            select(Assessment.day, func.count())
            .where(
                a_where, Assessment.day.between(first, last), Assessment.completed_at.is_not(None)
            )
            .group_by(Assessment.day)
        ).all()
    )
    due = dict(
        session.execute(
            select(DailyTask.day, func.count())
            .where(t_where, DailyTask.day.between(first, last))
            .group_by(DailyTask.day)
        ).all()
    )
    done = dict(
        session.execute(
            select(DailyTask.day, func.count())
            .where(t_where, DailyTask.day.between(first, last), DailyTask.status == "DONE")
            .group_by(DailyTask.day)
        ).all()
    )
    days = (last - first).days + 1
    out = []
    for i in range(max(days, 0)):
        d = first + timedelta(days=i)
        out.append(Day(d, started.get(d, 0), completed.get(d, 0), due.get(d, 0), done.get(d, 0)))
    return out


def recent(session: Session, days: int = 14, **areas: ColumnElement[bool]) -> list[Day]:
    today = clock.today_my()
    return by_day(session, today - timedelta(days=days - 1), today, **areas)


def first_completions(session: Session) -> list[date]:
    """Each account's first completed assessment day (its own or a dependent's), sorted: the
    running count of this list is ``self_assessment_users_cumulative``."""
    return sorted(
        session.scalars(
            select(func.min(Assessment.day))
            .where(Assessment.completed_at.is_not(None))
            .group_by(Assessment.account_id)
        )
    )


def self_tests_by_day(session: Session, first: date, last: date) -> dict[date, dict[str, int]]:
    """Self-test reports by day and result (POSITIVE, NEGATIVE, INVALID)."""
    out: dict[date, dict[str, int]] = {}
    for day, result, n in session.execute(
        select(SelfTest.day, SelfTest.result, func.count())
        .where(SelfTest.day.between(first, last))
        .group_by(SelfTest.day, SelfTest.result)
    ).all():
        out.setdefault(day, {"POSITIVE": 0, "NEGATIVE": 0, "INVALID": 0})[result] = n
    return out
