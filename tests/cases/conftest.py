"""Cases: health officers by district, people with identity documents, premises, check-ins."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from sihat.cases import service
from sihat.checkins import partitions
from sihat.checkins.models import CheckIn, Premise
from sihat.core import clock
from sihat.identity.models import Account, Person
from sihat.staff import sessions as staff_sessions
from tests import factories

# A fixed "now" for the rules that read the clock, after every sample below.
NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
SAMPLE = datetime(2026, 11, 18, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia


@pytest.fixture
def crew(session) -> dict[str, factories.StaffPersona]:
    people = factories.staff_personas(session)
    return factories.health_officers(session, people)


@pytest.fixture
def citizen(session) -> Account:
    return factories.sign_up(session)


def person_of(session: Session, account: Account) -> Person:
    found = session.get(Person, account.person_id)
    assert found is not None
    return found


def result(person: Person, **changes: Any) -> service.LabResult:
    base: dict[str, Any] = {
        "specimen_id": f"SPC-{uuid.uuid4().hex[:10]}",
        "id_type": person.id_type,
        "id_number": person.id_number,
        "issuing_country": person.issuing_country,
        "source": "LAB_RTPCR",
        "sample_at": SAMPLE,
        "category": 2,
        "state": "Selangor",
        "district": "Petaling",
    }
    return service.LabResult(**{**base, **changes})


def premise(session: Session, owner: Account, name: str = "Kedai Runcit Ali") -> Premise:
    row = Premise(
        owner_account_id=owner.id,
        name=name,
        category="RETAIL",
        address="1 Jalan Satu",
        state="Selangor",
        district="Petaling",
        created_at=clock.now(),
    )
    session.add(row)
    session.flush()
    return row


def visit(
    session: Session,
    premise_row: Premise,
    who: str,
    at: datetime,
    out: datetime | None = None,
    person_id: str | None = None,
) -> CheckIn:
    partitions.ensure(session.connection(), {clock.malaysia_date(at)})
    row = CheckIn(
        id=uuid.uuid4(),
        checked_in_at=at,
        premise_id=premise_row.id,
        state=premise_row.state,
        individual=who,
        person_id=person_id,
        method="QR",
        checked_out_at=out,
    )
    session.add(row)
    session.flush()
    return row


def bearer(session: Session, persona: factories.StaffPersona) -> dict[str, str]:
    _staff, token = staff_sessions.login(
        session, persona.account.username, factories.STAFF_PASSWORD, persona.totp()
    )
    return {"Authorization": f"Bearer {token}"}


H = timedelta(hours=1)
