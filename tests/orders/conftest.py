"""Orders: a Petaling case (self-test, so the person's own status is the order's), a close
contact of it, officers by district, and a key directory of the test's own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from sihat.cases import service as cases
from sihat.cases.models import Case
from sihat.core import clock
from sihat.identity.models import Account, Person
from sihat.orders.settings import OrderSettings
from sihat.risk.models import Exposure
from tests import factories
from tests.cases.conftest import person_of, result

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
H = timedelta(hours=1)


@dataclass
class World:
    crew: dict[str, factories.StaffPersona]
    case: Case
    person: Person
    account: Account
    contact: Person
    contact_account: Account
    stranger: Person


@pytest.fixture
def order_keys(tmp_path) -> OrderSettings:
    return OrderSettings(demo=True, key_dir=tmp_path / "order-keys")


def make_world(session: Session) -> World:
    crew = factories.health_officers(session, factories.staff_personas(session))
    account = factories.sign_up(session)
    person = person_of(session, account)
    contact_account = factories.sign_up(session)
    contact = person_of(session, contact_account)
    stranger = person_of(session, factories.sign_up(session))
    recorded = cases.record_result(
        session, crew["health_petaling"].account, result(person, source="SELF_TEST"), channel="PAGE"
    )
    session.add(
        Exposure(
            kind="CLOSE",
            case_ref=recorded.case.id,
            person_id=contact.id,
            exposed_on=clock.today_my(),
            created_at=clock.now(),
            outcome="STATUS",
        )
    )
    session.flush()
    return World(crew, recorded.case, person, account, contact, contact_account, stranger)


@pytest.fixture
def world(session) -> World:
    with clock.frozen(NOW):
        return make_world(session)
