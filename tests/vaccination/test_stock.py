"""Stock: received, transferred, used; never below zero, even when vaccinators take the last
doses of a batch at the same moment (real commits, several connections, both databases)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses, stock
from sihat.vaccination.models import Dose, Stock, StockMovement
from tests.vaccination.conftest import PFIZER, World, build_world, quantity, recipient

RACERS = 6


def test_transfer_never_overdraws_and_is_recorded(session, world) -> None:
    admin = world.account("admin")
    with pytest.raises(Problem) as caught:
        stock.transfer(session, admin, "PPV-A", "PPV-B", world.pfizer_a.id, 101)
    assert caught.value.code == "out_of_stock"
    stock.transfer(session, admin, "PPV-A", "PPV-B", world.pfizer_a.id, 40)
    assert quantity(session, "PPV-A", world.pfizer_a) == 60
    assert quantity(session, "PPV-B", world.pfizer_a) == 40
    kinds = session.scalars(
        select(StockMovement.kind).where(StockMovement.batch_id == world.pfizer_a.id)
    ).all()
    assert sorted(kinds) == ["RECEIVED", "TRANSFER_IN", "TRANSFER_OUT"]
    with pytest.raises(Problem) as forbidden:
        stock.receive(session, world.account("vaccinator_a"), "PPV-A", world.pfizer_a.id, 5)
    assert forbidden.value.code == "forbidden"


def test_discard_needs_a_supervisor_a_reason_and_the_doses(session, world) -> None:
    """Discarded doses leave the stock with a movement and a reason in the audit log; a
    vaccinator, a missing reason or more than the centre holds is refused, nothing written."""
    supervisor = world.account("supervisor_a")
    batch = world.pfizer_a.id
    for who, qty, reason, code in (
        (world.account("vaccinator_a"), 2, "Vial dropped", "forbidden"),
        (supervisor, 2, "", "invalid_input"),
        (supervisor, 0, "Vial dropped", "invalid_input"),
        (supervisor, 101, "Cold chain broken", "out_of_stock"),
    ):
        with pytest.raises(Problem) as caught:
            stock.discard(session, who, "PPV-A", batch, qty, reason)
        assert caught.value.code == code
    assert quantity(session, "PPV-A", world.pfizer_a) == 100
    stock.discard(session, supervisor, "PPV-A", batch, 3, "Vial dropped on the floor")
    assert quantity(session, "PPV-A", world.pfizer_a) == 97
    moved = stock.movements(session, "PPV-A")[0]
    assert (moved.kind, moved.quantity, moved.by) == ("DISCARDED", -3, supervisor.id)
    event = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "vaccination:stock:discarded")
    ).one()
    assert event.details["reason"] == "Vial dropped on the floor"


def _race_world(database, moved) -> tuple[World, str, list[str]]:
    with database.unit_of_work() as s:
        world = build_world(s)
        last = stock.create_batch(
            s, world.account("admin"), PFIZER, "LAST3", clock.today_my() + timedelta(days=365)
        )
        stock.receive(s, world.account("admin"), "PPV-A", last.id, RACERS // 2)
        people = [recipient(s).person_id for _ in range(RACERS)]
    moved(timedelta(days=60))
    return world, last.id, people


def _outcomes(results: list[str], database, batch_id: str) -> tuple[int, int, int]:
    with database.unit_of_work() as s:
        left = s.scalar(select(func.sum(Stock.quantity)).where(Stock.batch_id == batch_id))
        recorded = s.scalar(select(func.count()).select_from(Dose).where(Dose.batch_id == batch_id))
    assert sorted(set(results)) == ["accepted", "out_of_stock"], results
    return results.count("accepted"), int(recorded or 0), int(left or 0)


def test_last_doses_taken_at_the_same_moment(fresh_database, moved) -> None:
    world, batch_id, people = _race_world(fresh_database, moved)
    vaccinators = [world.account("vaccinator_a").id, world.account("vaccinator_a2").id]
    barrier = threading.Barrier(RACERS, timeout=30)

    def give(i: int) -> str:
        with fresh_database.sessions() as s:
            staff = s.get(StaffAccount, vaccinators[i % 2])
            data = doses.DoseInput(
                people[i], 1, PFIZER, batch_id, "PPV-A", clock.now() - timedelta(minutes=5)
            )
            s.commit()  # hold no lock while waiting for the others
            barrier.wait()
            try:
                with s.begin():
                    doses.record(s, staff, data)
            except Problem as problem:
                return problem.code
            return "accepted"

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(give, range(RACERS)))
    assert _outcomes(results, fresh_database, batch_id) == (RACERS // 2, RACERS // 2, 0)


def test_concurrent_api_requests_for_the_last_doses(fresh_database, moved, settings) -> None:
    from fastapi.testclient import TestClient

    from sihat.app import create_app
    from tests.vaccination.conftest import staff_headers

    world, batch_id, people = _race_world(fresh_database, moved)
    app = create_app(settings, database=fresh_database)
    with TestClient(app) as login:
        headers = [staff_headers(login, world.staff[n]) for n in ("vaccinator_a", "vaccinator_a2")]
    barrier = threading.Barrier(RACERS, timeout=30)
    at = (clock.now() - timedelta(minutes=5)).isoformat()

    def post(i: int) -> str:
        body = {
            "person_id": people[i],
            "dose_number": 1,
            "product": PFIZER,
            "batch_id": batch_id,
            "ppv_code": "PPV-A",
            "administered_at": at,
        }
        with TestClient(app) as client:
            barrier.wait()
            response = client.post("/api/v1/vaccination/doses", json=body, headers=headers[i % 2])
        return "accepted" if response.status_code == 201 else str(response.json()["code"])

    with ThreadPoolExecutor(RACERS) as pool:
        results = list(pool.map(post, range(RACERS)))
    assert _outcomes(results, fresh_database, batch_id) == (RACERS // 2, RACERS // 2, 0)
