"""MySJ Trace: a confirmed Petaling case with a registered phone, contacts with phones, officers
by district, a key directory of the test's own, and encounter records as a phone writes them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from sihat.bluetrace import devices, keys, tempid
from sihat.bluetrace.models import TraceDevice
from sihat.bluetrace.settings import TraceSettings
from sihat.cases import service as cases
from sihat.cases.models import Case
from sihat.core import clock
from sihat.core.ratelimit import Limiter
from sihat.identity.models import Account, Person
from sihat.security.sink import SINK
from tests import factories
from tests.cases.conftest import SAMPLE, person_of, result

NOW = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
MET = SAMPLE - timedelta(hours=20)  # inside the case's infectious window
ORG = "MY_MOH"


@dataclass
class Phone:
    account: Account
    person: Person
    device: TraceDevice


@dataclass
class World:
    crew: dict[str, factories.StaffPersona]
    case: Case
    case_phone: Phone
    contacts: list[Phone]


@pytest.fixture(autouse=True)
def _empty_security_sink() -> Iterator[None]:
    """Refused codes and tokens buffer security events (per process): leave none behind for
    the next test to write."""
    SINK.clear()
    yield
    SINK.clear()


@pytest.fixture
def trace_settings(tmp_path) -> TraceSettings:
    return TraceSettings(demo=True, key_dir=tmp_path / "trace-keys")


@pytest.fixture
def limiter() -> Limiter:
    return Limiter()


def phone(session: Session) -> Phone:
    account = factories.sign_up(session)
    return Phone(account, person_of(session, account), devices.register(session, account))


def make_world(session: Session, contacts: int = 3) -> World:
    crew = factories.health_officers(session, factories.staff_personas(session))
    case_phone = phone(session)
    recorded = cases.record_result(
        session, crew["health_petaling"].account, result(case_phone.person), channel="PAGE"
    )
    others = [phone(session) for _ in range(contacts)]
    return World(crew, recorded.case, case_phone, others)


@pytest.fixture
def world(session) -> World:
    with clock.frozen(NOW):
        return make_world(session)


def seen(
    key: bytes,
    uid: str,
    start: datetime,
    minutes: int,
    rssi: float = -62.0,
    org: str | None = ORG,
    every: int = 60,
) -> list[dict[str, object]]:
    """StreetPassRecords of ``uid`` seen once a minute for ``minutes`` minutes from ``start``,
    each with a TempID valid at that moment."""
    out = []
    first = int(start.timestamp())
    for i in range(minutes * 60 // every):
        at = first + i * every
        out.append(
            {
                "timestamp": at,
                "msg": tempid.encode(key, uid, at - 60, at + 840),
                "modelC": "Generic",  # no calibration row: RSSI -60 is 1 m, -66 is 2 m
                "modelP": "Generic",
                "rssi": rssi,
                "txPower": None,
                "org": org,
                "v": 2,
            }
        )
    return out


def active_secret(settings: TraceSettings | None = None) -> bytes:
    return keys.active_key(settings).secret
