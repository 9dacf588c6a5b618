"""Vaccination test world: centres PPV-A (Selangor) and PPV-B (Johor), the staff personas
assigned there, a supervisor at PPV-A, batches with stock, and recipients."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.governance import requests
from sihat.identity.models import Account
from sihat.registration import service as registration
from sihat.staff.models import StaffAccount
from sihat.vaccination import centres, stock
from sihat.vaccination.models import Batch, Dose, Stock
from tests import factories

PFIZER, AZ, SINOVAC, CANSINO = "EU/1/20/1528", "EU/1/21/1529", "CoronaVac", "Convidecia"


def add_staff(
    session: Session, personas: dict[str, factories.StaffPersona], name: str, grants: list[dict]
) -> factories.StaffPersona:
    """A staff member added the way the shared factories add theirs."""
    staff, secret = requests.onboard(
        session,
        personas["admin"].account,
        [personas["approver"].account, personas["carol"].account],
        username=name.replace("_", "."),
        full_name=name.title(),
        grants=grants,
        password=factories.STAFF_PASSWORD,
    )
    return factories.StaffPersona(staff, secret)


@dataclass
class World:
    staff: dict[str, factories.StaffPersona]
    pfizer_a: Batch
    az_a: Batch
    pfizer_b: Batch
    expired_a: Batch
    empty_a: Batch
    cansino_a: Batch

    def account(self, name: str) -> StaffAccount:
        return self.staff[name].account


def build_world(session: Session) -> World:
    personas = factories.staff_personas(session)
    personas["supervisor_a"] = add_staff(
        session,
        personas,
        "supervisor_a",
        [{"role": "SUPERVISOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
    )
    personas["vaccinator_a2"] = add_staff(
        session,
        personas,
        "vaccinator_a2",
        [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
    )
    admin = personas["admin"].account
    opened = clock.today_my() - timedelta(days=120)
    for code, state, district in (
        ("PPV-A", "Selangor", "Petaling"),
        ("PPV-B", "Johor", "Johor Bahru"),
    ):
        centres.create_centre(
            session,
            admin,
            centres.CentreInput(code, f"Dewan {code}", "MEGA_CENTRE", state, district, opened),
        )
    for code, name, role in (
        ("PPV-A", "vaccinator_a", "VACCINATOR"),
        ("PPV-A", "vaccinator_a2", "VACCINATOR"),
        ("PPV-A", "supervisor_a", "SUPERVISOR"),
        ("PPV-A", "desk_a", "REGISTRATION_DESK"),
        ("PPV-B", "vaccinator_b", "VACCINATOR"),
    ):
        centres.assign(session, admin, code, personas[name].account, role)
    later = clock.today_my() + timedelta(days=180)
    batches = {
        "pfizer_a": ("PPV-A", PFIZER, "FA100", later, 100),
        "az_a": ("PPV-A", AZ, "AZ200", later, 100),
        "pfizer_b": ("PPV-B", PFIZER, "FB300", later, 100),
        "expired_a": ("PPV-A", PFIZER, "FX400", clock.today_my() - timedelta(days=1), 10),
        "empty_a": ("PPV-A", PFIZER, "FE500", later, 1),
        "cansino_a": ("PPV-A", CANSINO, "CS600", later, 50),
    }
    made: dict[str, Batch] = {}
    for key, (code, product, lot, expires, quantity) in batches.items():
        batch = stock.create_batch(session, admin, product, lot, expires)
        stock.receive(session, admin, code, batch.id, quantity)
        made[key] = batch
    stock.transfer(session, admin, "PPV-A", "PPV-B", made["empty_a"].id, 1)
    session.flush()
    return World(personas, **made)


Advance = Callable[[timedelta], None]


@pytest.fixture
def moved() -> Iterator[Advance]:
    """The clock frozen at noon (Malaysia) sixty days ago; ``world`` moves it to noon today."""
    noon = datetime.combine(clock.today_my(), time(12), tzinfo=clock.MALAYSIA)
    with clock.frozen(noon - timedelta(days=60)) as advance:
        yield advance


@pytest.fixture
def world(session: Session, moved: Advance) -> World:
    """Built sixty days ago (staff assigned since then); the clock is now noon today."""
    built = build_world(session)
    moved(timedelta(days=60))
    return built


def recipient(session: Session, p: factories.SyntheticPerson | None = None) -> Account:
    """A signed-up, registered adult."""
    account = factories.sign_up(session, p or factories.adult())
    registration.register_self(session, account, registration.Facts(state="Selangor"))
    return account


def an_hour_ago() -> datetime:
    return clock.now() - timedelta(hours=1)


def count_doses(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Dose)) or 0)


def quantity(session: Session, code: str, batch: Batch) -> int:
    found = session.scalar(
        select(Stock.quantity).where(Stock.ppv_code == code, Stock.batch_id == batch.id)
    )
    return int(found if found is not None else -1)


def staff_headers(client, persona: factories.StaffPersona) -> dict[str, str]:
    response = client.post(
        "/api/v1/staff/login",
        json={
            "username": persona.account.username,
            "password": factories.STAFF_PASSWORD,
            "totp": persona.totp(),
        },
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
