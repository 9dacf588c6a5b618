"""Every dose-record refusal, at the service and through the API: its code, and nothing
written (no dose, no stock taken, no audit event, no appointment)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.vaccination import centres, closing, doses
from sihat.vaccination.models import Appointment
from tests import factories
from tests.vaccination.conftest import (
    AZ,
    PFIZER,
    World,
    count_doses,
    quantity,
    recipient,
    staff_headers,
)

Case = Callable[[Session, World], tuple[str, dict[str, Any]]]


def _base(session: Session, world: World) -> dict[str, Any]:
    return {
        "person_id": recipient(session).person_id,
        "dose_number": 1,
        "product": PFIZER,
        "batch_id": world.pfizer_a.id,
        "ppv_code": "PPV-A",
        "administered_at": clock.now() - timedelta(hours=1),
    }


def _not_operating(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    # PPV-A closes after today and reopens in three days: tomorrow is a gap.
    admin = world.account("admin")
    closing.close_centre(session, admin, "PPV-A", clock.today_my(), "moving hall")
    centres.reopen_centre(session, admin, "PPV-A", clock.today_my() + timedelta(days=3))
    body = _base(session, world)
    with clock.frozen(clock.now() + timedelta(days=1)):
        body["administered_at"] = clock.now()
    return "vaccinator_a", {**body, "_received": body["administered_at"] + timedelta(hours=1)}


def _future(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {
        **_base(session, world),
        "administered_at": clock.now() + timedelta(minutes=10),
    }


def _late(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {
        **_base(session, world),
        "administered_at": clock.now() - timedelta(hours=73),
    }


def _too_old(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {
        **_base(session, world),
        "administered_at": clock.now() - timedelta(days=31),
    }


def _expired(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {**_base(session, world), "batch_id": world.expired_a.id}


def _not_at_ppv(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {**_base(session, world), "batch_id": world.pfizer_b.id}


def _out_of_stock(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {**_base(session, world), "batch_id": world.empty_a.id}


def _sequence(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {**_base(session, world), "dose_number": 2}


def _not_assigned(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_b", _base(session, world)


def _no_person(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    return "vaccinator_a", {**_base(session, world), "person_id": str(uuid.uuid4())}


def _age(session: Session, world: World) -> tuple[str, dict[str, Any]]:
    child = recipient(session, factories.child())
    return "vaccinator_a", {
        **_base(session, world),
        "person_id": child.person_id,
        "product": AZ,
        "batch_id": world.az_a.id,
    }


CASES: dict[str, Case] = {
    "ppv_not_operating": _not_operating,
    "administered_in_future": _future,
    "late_entry_needs_approval": _late,
    "late_entry_too_old": _too_old,
    "batch_expired": _expired,
    "batch_not_at_ppv": _not_at_ppv,
    "out_of_stock": _out_of_stock,
    "dose_sequence": _sequence,
    "vaccinator_not_assigned": _not_assigned,
    "person_not_found": _no_person,
    "product_age_limit": _age,
}


def _written(session: Session, world: World) -> tuple[int, int, int, int, int]:
    events = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "vaccination:dose:recorded")
    )
    offers = session.scalar(select(func.count()).select_from(Appointment))
    return (
        count_doses(session),
        int(events or 0),
        int(offers or 0),
        quantity(session, "PPV-A", world.pfizer_a),
        quantity(session, "PPV-A", world.az_a),
    )


@pytest.mark.parametrize("code", sorted(CASES))
def test_service_refuses_and_writes_nothing(session, world, code) -> None:
    who, body = CASES[code](session, world)
    received = body.pop("_received", None)
    before = _written(session, world)
    with pytest.raises(Problem) as caught:
        doses.record(session, world.account(who), doses.DoseInput(**body), received_at=received)
    assert caught.value.code == code
    assert caught.value.detail_en and caught.value.detail_ms != caught.value.detail_en
    assert _written(session, world) == before


@pytest.mark.parametrize("code", sorted(CASES))
def test_api_refuses_and_writes_nothing(session, client, world, code) -> None:
    who, body = CASES[code](session, world)
    received = body.pop("_received", None)
    session.commit()
    before = _written(session, world)
    body["administered_at"] = body["administered_at"].isoformat()
    with clock.frozen(received) if received else contextlib.nullcontext():
        headers = staff_headers(client, world.staff[who])
        response = client.post("/api/v1/vaccination/doses", json=body, headers=headers)
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == code, problem
    assert problem["detail_ms"] and problem["detail_en"]
    session.expire_all()
    assert _written(session, world) == before


def test_incomplete_records_are_refused_by_the_api(session, client, world) -> None:
    body = _base(session, world)
    session.commit()
    headers = staff_headers(client, world.staff["vaccinator_a"])
    body["administered_at"] = body["administered_at"].isoformat()
    for missing in ("person_id", "dose_number", "product", "batch_id", "ppv_code"):
        partial = {k: v for k, v in body.items() if k != missing}
        response = client.post("/api/v1/vaccination/doses", json=partial, headers=headers)
        assert response.status_code == 422 and response.json()["field"] == missing
    naive = {**body, "administered_at": body["administered_at"][:19]}
    response = client.post("/api/v1/vaccination/doses", json=naive, headers=headers)
    assert response.json()["field"] == "administered_at"
    assert count_doses(session) == 0
