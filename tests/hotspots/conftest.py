"""Hotspots: premises with coordinates, confirmed cases and the exposures that place them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.checkins.models import Premise, PremiseMember
from sihat.core import clock
from sihat.identity.models import Account
from sihat.risk.models import Exposure
from tests import factories

KL = (3.139, 101.687)


@dataclass
class World:
    owner: Account
    people: list[str]  # person ids: whoever a case is, and the contacts that place it

    def contact(self, n: int) -> str:
        return self.people[n % len(self.people)]


def make_world(session: Session, people: int = 3) -> World:
    owner = factories.sign_up(session)
    return World(owner, [factories.sign_up(session).person_id for _ in range(people)])


@pytest.fixture
def world(session) -> World:
    return make_world(session)


def premise(
    session: Session,
    owner: Account,
    name: str = "Kedai Runcit Ali",
    at: tuple[float, float] | None = KL,
    state: str = "Selangor",
    district: str = "Petaling",
) -> Premise:
    row = Premise(
        owner_account_id=owner.id,
        name=name,
        category="RETAIL",
        address="1 Jalan Satu",
        state=state,
        district=district,
        latitude=at[0] if at else None,
        longitude=at[1] if at else None,
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    session.add(
        PremiseMember(premise_id=row.id, account_id=owner.id, role="OWNER", added_at=clock.now())
    )
    session.flush()
    return row


def case(
    session: Session,
    person_id: str,
    *,
    status: str = "CONFIRMED",
    sample_on: date | None = None,
    state: str = "Selangor",
    district: str = "Petaling",
) -> Case:
    day = sample_on or clock.today_my()
    sample_at = datetime.combine(day, datetime.min.time(), clock.MALAYSIA) + timedelta(hours=10)
    tag = uuid.uuid4().hex[:12]
    row = Case(
        case_no=f"T{tag}",
        person_id=person_id,
        source="LAB_RTPCR",
        specimen_id=f"SPC-{tag}",
        sample_at=sample_at,
        category=2,
        state=state,
        district=district,
        status=status,
        channel="API",
        recorded_at=clock.now(),
        confirmed_at=clock.now() if status == "CONFIRMED" else None,
    )
    session.add(row)
    session.flush()
    return row


def sight(session: Session, case_row: Case, where: Premise, day: date, contact: str) -> None:
    """The tracing engine found ``contact`` exposed to the case at ``where`` on ``day``."""
    session.add(
        Exposure(
            kind="CASUAL",
            case_ref=case_row.id,
            person_id=contact,
            premise_ref=where.id,
            overlap_minutes=30,
            exposed_on=day,
            created_at=clock.now(),
            outcome="STATUS",
        )
    )
    session.flush()


def cases_at(
    session: Session, w: World, where: Premise, n: int, day: date, **kw: object
) -> list[Case]:
    made = []
    for _ in range(n):
        c = case(session, w.people[0], **kw)  # type: ignore[arg-type]
        sight(session, c, where, day, w.contact(1))
        made.append(c)
    return made
