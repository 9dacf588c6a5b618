"""Exports: personas with the roles involved, a small population, bearer tokens."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.governance import requests
from sihat.identity.models import Person
from sihat.security.sink import SINK
from sihat.staff import sessions as staff_sessions
from tests import factories


@pytest.fixture(autouse=True)
def _empty_sink() -> Iterator[None]:
    SINK.clear()
    yield
    SINK.clear()


def add_staff(
    session: Session, people: dict[str, factories.StaffPersona], name: str, role: str
) -> factories.StaffPersona:
    staff, secret = requests.onboard(
        session,
        people["admin"].account,
        [people["approver"].account, people["carol"].account],
        username=name,
        full_name=name.title(),
        grants=[{"role": role}],
        password=factories.STAFF_PASSWORD,
    )
    people[name] = factories.StaffPersona(staff, secret)
    return people[name]


@pytest.fixture
def crew(session) -> dict[str, factories.StaffPersona]:
    people = factories.staff_personas(session)
    add_staff(session, people, "sec", "SECURITY_OFFICER")
    add_staff(session, people, "health", "HEALTH_OFFICER")
    return people


def populate(session: Session, n: int, state: str = "Selangor") -> list[Person]:
    made = []
    for _ in range(n):
        p = factories.person()
        made.append(
            Person(
                id_type=p.id_type,
                id_number=p.id_number,
                id_hash=blind_index("id", p.id_number),
                full_name=p.full_name,
                date_of_birth=p.date_of_birth,
                sex=p.sex,
                state=state,
                created_at=clock.now(),
            )
        )
    session.add_all(made)
    session.flush()
    return made


def bearer(session: Session, persona: factories.StaffPersona) -> dict[str, str]:
    _staff, token = staff_sessions.login(
        session, persona.account.username, factories.STAFF_PASSWORD, persona.totp()
    )
    return {"Authorization": f"Bearer {token}"}
