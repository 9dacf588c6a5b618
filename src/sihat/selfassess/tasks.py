"""Daily tasks: every day, each person whose current MyRisk status is one the questionnaire
file watches (``[tasks] statuses``) has a task to complete a self-assessment. The job creates
the day's tasks (idempotent: one per person per day, database-enforced), reminds those not
done after ``remind_at`` (once, through the outbox), and marks the past days' tasks not done
as MISSED. Officers see missed tasks for their district only (``officer_tasks``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import Database, try_add
from sihat.identity.models import Person
from sihat.risk.models import RiskStatus
from sihat.selfassess import notices, questionnaire
from sihat.selfassess.models import Assessment, DailyTask

BATCH = 500


def create_due(session: Session, day: date | None = None) -> int:
    """Create today's tasks for everyone currently watched; returns how many were new. A person
    who already completed today's assessment gets the task DONE."""
    day = day or clock.today_my()
    now = clock.now()
    watched = questionnaire.load().task_statuses
    rows = session.execute(
        select(RiskStatus.person_id, RiskStatus.status, Person.state, Person.district)
        .join(Person, Person.id == RiskStatus.person_id)
        .where(
            RiskStatus.is_current,
            RiskStatus.ended_at.is_(None),
            RiskStatus.expires_at > now,
            RiskStatus.status.in_(sorted(watched)),
        )
    ).all()
    have = set(session.scalars(select(DailyTask.person_id).where(DailyTask.day == day)))
    done = set(
        session.scalars(
            select(Assessment.person_id).where(
                Assessment.day == day, Assessment.completed_at.is_not(None)
            )
        )
    )
    new = 0
    for person_id, status, state, district in rows:
        if person_id in have:
            continue
        finished = person_id in done
        task = DailyTask(
            person_id=person_id,
            day=day,
            risk_status=status,
            status="DONE" if finished else "DUE",
            state=state,
            district=district,
            created_at=now,
            done_at=now if finished else None,
        )
        if try_add(session, task):
            new += 1
    if new:
        trail.record(
            session, "selfassess:tasks:created", actor_type="system", day=day.isoformat(), tasks=new
        )
    return new


def remind_due(session: Session) -> int:
    """Remind once each of today's tasks still DUE once it is past ``remind_at`` (Malaysia
    time); returns how many reminders were queued."""
    now = clock.now()
    local = clock.as_utc(now).astimezone(clock.MALAYSIA)
    if local.time() < questionnaire.load().remind_at:
        return 0
    due = list(
        session.scalars(
            select(DailyTask)
            .where(
                DailyTask.day == local.date(),
                DailyTask.status == "DUE",
                DailyTask.reminded_at.is_(None),
            )
            .limit(BATCH)
        )
    )
    for task in due:
        notices.remind(session, task.person_id)
        task.reminded_at = now
    session.flush()
    if due:
        trail.record(session, "selfassess:tasks:reminded", actor_type="system", tasks=len(due))
    return len(due)


def mark_missed(session: Session) -> int:
    """Every task of a past day still DUE becomes MISSED; returns how many."""
    now = clock.now()
    late = list(
        session.scalars(
            select(DailyTask)
            .where(DailyTask.day < clock.today_my(), DailyTask.status == "DUE")
            .limit(BATCH)
        )
    )
    for task in late:
        task.status, task.missed_at = "MISSED", now
    session.flush()
    if late:
        trail.record(session, "selfassess:tasks:missed", actor_type="system", tasks=len(late))
    return len(late)


def run(database: Database) -> dict[str, int]:
    """The ``selfassess-tasks`` job: missed, created, reminded; each in its own transaction,
    idempotent (running it again at once changes nothing)."""
    out = {"missed": 0, "created": 0, "reminded": 0}
    while True:
        with database.unit_of_work() as session:
            n = mark_missed(session)
        out["missed"] += n
        if n < BATCH:
            break
    with database.unit_of_work() as session:
        out["created"] = create_due(session)
    while True:
        with database.unit_of_work() as session:
            n = remind_due(session)
        out["reminded"] += n
        if n < BATCH:
            break
    return out


def tasks_of(session: Session, person_ids: list[str], days: int = 14) -> list[DailyTask]:
    """The tasks of these people over the last ``days`` days, newest first."""
    since = clock.today_my() - timedelta(days=days - 1)
    return list(
        session.scalars(
            select(DailyTask)
            .where(DailyTask.person_id.in_(person_ids), DailyTask.day >= since)
            .order_by(DailyTask.day.desc())
        )
    )


def officer_tasks(
    session: Session, area: ColumnElement[bool], *, status: str = "MISSED", days: int = 14
) -> list[tuple[DailyTask, Person]]:
    """Tasks in the officer's area (a filter on ``DailyTask.state``/``district``) of the last
    ``days`` days, with their person, newest first."""
    since = clock.today_my() - timedelta(days=days - 1)
    return [
        (task, person)
        for task, person in session.execute(
            select(DailyTask, Person)
            .join(Person, Person.id == DailyTask.person_id)
            .where(area, DailyTask.status == status, DailyTask.day >= since)
            .order_by(DailyTask.day.desc(), Person.full_name)
            .limit(500)
        ).all()
    ]


def remind_time(day: date) -> datetime:
    """When the reminder of ``day``'s task is due (aware UTC)."""
    at = datetime.combine(day, questionnaire.load().remind_at, clock.MALAYSIA)
    return clock.as_utc(at)
