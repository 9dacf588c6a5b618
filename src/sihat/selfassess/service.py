"""Self-assessments: start today's for oneself or a dependent, answer one question at a time,
complete it. Completing scores the answers (``questionnaire``) and, when the score reaches an
outcome, gives the person that MyRisk status through the MyRisk engine with the reason; it
also marks the day's task done. Services flush, never commit; every change writes its audit
event in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.identity import access
from sihat.identity.models import Account
from sihat.risk import service as risk
from sihat.selfassess import questionnaire
from sihat.selfassess.models import Assessment, DailyTask
from sihat.selfassess.questionnaire import Answer, Question, Version


@dataclass(frozen=True)
class Step:
    """Where an assessment stands: the question to show (``None`` when all are answered),
    its 1-based number and how many there are."""

    question: Question | None
    number: int
    total: int


def version_of(assessment: Assessment) -> Version:
    return questionnaire.load().version(assessment.version)


def step(assessment: Assessment, number: int | None = None) -> Step:
    """The question numbered ``number`` (1-based), or the first one not answered yet."""
    version = version_of(assessment)
    total = len(version.questions)
    if number is None:
        number = next(
            (i for i, q in enumerate(version.questions, 1) if q.id not in assessment.answers),
            total + 1,
        )
    if not 1 <= number <= total:
        return Step(None, total + 1, total)
    return Step(version.questions[number - 1], number, total)


def today_of(session: Session, person_id: str) -> Assessment | None:
    return session.scalar(
        select(Assessment).where(
            Assessment.person_id == person_id, Assessment.day == clock.today_my()
        )
    )


def start(session: Session, account: Account, person_id: str) -> Assessment:
    """Today's assessment of ``person_id`` (the caller or a current dependent; 404 for anyone
    else): the one already started today, or a new one under today's version."""
    person = access.acting_for(session, account, person_id)
    found = today_of(session, person.id)
    if found is not None:
        return found
    now = clock.now()
    day = clock.malaysia_date(now)
    row = Assessment(
        person_id=person.id,
        account_id=account.id,
        day=day,
        version=questionnaire.load().on(day).id,
        answers={},
        state=person.state,
        district=person.district,
        started_at=now,
    )
    if not try_add(session, row):  # started at the same moment by another request
        again = today_of(session, person.id)
        if again is None:
            raise Problem("conflict")
        return again
    trail.record(
        session,
        "selfassess:assessment:started",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=person.id,
        version=row.version,
    )
    return row


def get(session: Session, account: Account, assessment_id: str) -> Assessment:
    """An assessment of the caller or a current dependent; ``not_found`` otherwise."""
    row = session.get(Assessment, assessment_id)
    if row is None or row.person_id not in access.people_of(session, account):
        raise Problem("not_found")
    return row


def answer(
    session: Session, account: Account, assessment_id: str, question_id: str, raw: Answer
) -> Assessment:
    """Keep one answer (checked against the question's type); answering again replaces it."""
    row = get(session, account, assessment_id)
    if row.completed_at is not None:
        raise Problem("selfassess_already_done")
    value = version_of(row).question(question_id).check(raw)
    row.answers = {**row.answers, question_id: value}
    session.flush()
    return row


def complete(session: Session, account: Account, assessment_id: str) -> Assessment:
    """Score the answers, give the MyRisk status the score reaches (if any) and mark the
    day's task done. Refused when a question is unanswered or it was already completed."""
    row = get(session, account, assessment_id)
    if row.completed_at is not None:
        raise Problem("selfassess_already_done")
    version = version_of(row)
    if any(q.id not in row.answers for q in version.questions):
        raise Problem("selfassess_unanswered")
    scored = version.score(row.answers)
    now = clock.now()
    row.completed_at, row.score, row.outcome = now, scored.total, scored.status
    if scored.status is not None and scored.reason is not None:
        given = risk.set_status(
            session,
            row.person_id,
            scored.status,
            source="ASSESSMENT",
            source_ref=row.id,
            reason=scored.reason,
            starts_at=now,
            symptomatic=scored.reason == "symptoms_reported" or None,
        )
        row.risk_status_id = given.id
    task = session.scalar(
        select(DailyTask).where(DailyTask.person_id == row.person_id, DailyTask.day == row.day)
    )
    if task is not None and task.status == "DUE":
        task.status, task.done_at = "DONE", now
    session.flush()
    trail.record(
        session,
        "selfassess:assessment:completed",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=row.person_id,
        version=row.version,
        score=scored.total,
        outcome=scored.status,
    )
    return row
