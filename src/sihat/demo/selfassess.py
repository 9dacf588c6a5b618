"""The demo's self-assessments, through the domain's services and dated from the running
clock: Tan Mei Ling reported contact with a positive case two days ago (so she is a person
under surveillance, with that day's task done, yesterday's missed and today's due), and a few
other account holders completed a self-assessment on the days before (the completion chart
and the audit's ``self_assessment_users_cumulative`` have something to count)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.demo import personas
from sihat.identity.models import Account
from sihat.selfassess import service, tasks

WELL: dict[str, object] = {"symptoms": ["none"], "temperature": "", "contact": "no", "travel": "no"}
CONTACT: dict[str, object] = {**WELL, "contact": "yes"}


def _at(days_back: int, hour: int) -> datetime:
    day = clock.today_my() - timedelta(days=days_back)
    return clock.as_utc(datetime.combine(day, time(hour), clock.MALAYSIA))


def _assess(session: Session, account: Account, answers: Mapping[str, object]) -> None:
    row = service.start(session, account, account.person_id)
    for question, raw in answers.items():
        service.answer(session, account, row.id, question, raw)  # type: ignore[arg-type]
    service.complete(session, account, row.id)


def seed(session: Session) -> int:
    """Returns how many self-assessments were completed."""
    meiling = personas.accounts(session)["meiling"]
    known = [a.person_id for a in personas.accounts(session).values()]
    others = list(
        session.scalars(
            select(Account)
            .where(Account.status == "ACTIVE", Account.person_id.not_in(known))
            .order_by(Account.created_at)
            .limit(6)
        )
    )
    done = 0
    for i, account in enumerate(others):
        with clock.frozen(_at(1 + i % 3, 9 + i)):
            _assess(session, account, WELL)
            done += 1
    with clock.frozen(_at(2, 9)):
        _assess(session, meiling, CONTACT)  # -> PERSON_UNDER_SURVEILLANCE
        tasks.create_due(session)  # that day's task, done already
        done += 1
    with clock.frozen(_at(1, 8)):
        tasks.create_due(session)
    with clock.frozen(_at(0, 0) + timedelta(minutes=5)):
        tasks.mark_missed(session)
    tasks.create_due(session)
    return done
