"""Self-assessment: a guardian in Selangor/Petaling with a dependent, people under watch,
health officers by district. Times are counted from today's Malaysia date (the suite also
runs ten years ahead), frozen where a rule reads the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.identity import service as identity_service
from sihat.identity.models import Account, Person
from sihat.risk import service as risk
from tests import factories


def at_my(hour: int, minute: int = 0, days: int = 0) -> datetime:
    """Today (plus ``days``) at ``hour:minute`` Malaysia time, as aware UTC."""
    day = clock.today_my() + timedelta(days=days)
    return clock.as_utc(datetime.combine(day, time(hour, minute), clock.MALAYSIA))


@dataclass
class Family:
    account: Account
    person: Person
    kid: Person


def place(person: Person, state: str = "Selangor", district: str = "Petaling") -> Person:
    person.state, person.district = state, district
    return person


def family(session: Session, district: str = "Petaling") -> Family:
    account = factories.sign_up(session)
    person = session.get(Person, account.person_id)
    assert person is not None
    link = identity_service.add_dependent(
        session, account, factories.identity_of(factories.child()), "CHILD"
    )
    place(person, district=district)
    place(link.person, district=district)
    session.flush()
    return Family(account, person, link.person)


def watched(session: Session, person_id: str, status: str, reason: str) -> None:
    risk.set_status(
        session,
        person_id,
        status,
        source="MANUAL",
        source_ref=None,
        reason=reason,
        starts_at=clock.now(),
    )
