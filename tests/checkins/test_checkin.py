"""Checking in: self and dependents in one request, repeat scans, moving on, check-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from sihat.checkins import visits
from sihat.checkins.models import CheckIn
from sihat.core import clock
from sihat.identity import service as identity_service
from tests import factories
from tests.checkins.conftest import citizen, code_of, premise

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia


def count(session, **where) -> int:
    query = select(func.count()).select_from(CheckIn)
    for name, value in where.items():
        query = query.where(getattr(CheckIn, name) == value)
    return int(session.scalar(query) or 0)


def test_self_and_dependents_in_one_request(client, session, alice, shop) -> None:
    kids = [
        identity_service.add_dependent(
            session, alice.account, factories.identity_of(factories.child()), "CHILD"
        )
        for _ in range(2)
    ]
    body = {"qr": code_of(shop), "dependents": [k.person_id for k in kids]}
    with clock.frozen(T0):
        r = client.post("/api/v1/checkins", json=body, headers=alice.headers)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["premise_name"] == shop.name
    assert [v["person"] for v in out["visits"]] == ["self", "dependent", "dependent"]
    assert [v["person_id"] for v in out["visits"]] == [alice.account.person_id] + [
        k.person_id for k in kids
    ]
    assert all(v["door"]["colour"] == "orange" and not v["duplicate"] for v in out["visits"])
    assert count(session, premise_id=shop.id) == 3
    assert count(session, account_id=alice.account.id) == 3


def test_someone_elses_child_is_refused_and_nothing_written(client, session, alice, shop) -> None:
    bob = citizen(session)
    kid = identity_service.add_dependent(
        session, bob.account, factories.identity_of(factories.child()), "CHILD"
    )
    body = {"qr": code_of(shop), "dependents": [kid.person_id]}
    r = client.post("/api/v1/checkins", json=body, headers=alice.headers)
    assert r.status_code == 422 and r.json()["code"] == "not_a_dependent"
    assert count(session, premise_id=shop.id) == 0


def test_nobody_and_no_login_refused(client, session, alice, shop) -> None:
    r = client.post(
        "/api/v1/checkins", json={"qr": code_of(shop), "include_self": False}, headers=alice.headers
    )
    assert r.json()["code"] == "nobody_to_check_in"
    r = client.post("/api/v1/checkins", json={"qr": code_of(shop)})
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    bad = {"Authorization": "Bearer not-a-session"}
    assert (
        client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=bad).status_code == 401
    )
    assert count(session, premise_id=shop.id) == 0


def test_repeat_scan_within_window_is_one_visit(client, session, alice, shop, settings) -> None:
    window = settings.checkin_duplicate_seconds
    with clock.frozen(T0) as advance:
        first = client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
        advance(timedelta(seconds=window - 1))
        again = client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
        assert count(session, premise_id=shop.id) == 1
        assert again.json()["visits"][0]["visit_id"] == first.json()["visits"][0]["visit_id"]
        assert again.json()["visits"][0]["duplicate"] is True
        advance(timedelta(seconds=2))  # past the window: a new visit
        later = client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
    assert later.json()["visits"][0]["duplicate"] is False
    assert count(session, premise_id=shop.id) == 2


def test_checking_in_elsewhere_ends_the_open_visit(client, session, alice, owner, shop) -> None:
    cafe = premise(session, owner.account, "Kopitiam Sri", category="FOOD")
    with clock.frozen(T0) as advance:
        client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
        advance(timedelta(minutes=20))
        client.post("/api/v1/checkins", json={"qr": code_of(cafe)}, headers=alice.headers)
    first = session.scalars(select(CheckIn).where(CheckIn.premise_id == shop.id)).one()
    session.refresh(first)
    assert first.closed_by == "NEXT"
    assert first.checked_out_at == T0 + timedelta(minutes=20)


def test_check_out_and_default_duration(client, session, alice, shop, settings) -> None:
    bob = citizen(session)
    with clock.frozen(T0) as advance:
        mine = client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
        client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=bob.headers)
        visit_id = mine.json()["visits"][0]["visit_id"]
        advance(timedelta(minutes=5))
        assert (
            client.post(f"/api/v1/checkins/{visit_id}/checkout", headers=bob.headers).json()["code"]
            == "not_found"
        )
        r = client.post(f"/api/v1/checkins/{visit_id}/checkout", headers=alice.headers)
        assert r.status_code == 200, r.text
        again = client.post(f"/api/v1/checkins/{visit_id}/checkout", headers=alice.headers)
        assert again.json()["code"] == "already_checked_out"
        advance(timedelta(minutes=settings.checkin_visit_minutes))
        assert visits.close_expired(session) == 1  # bob's visit, never checked out
        # "the last 14 days" is counted from the frozen clock, like everything above
        mine_listed = client.get("/api/v1/checkins/mine", headers=alice.headers).json()
    rows = {v.account_id: v for v in session.scalars(select(CheckIn))}
    assert rows[alice.account.id].closed_by == "VISITOR"
    assert rows[bob.account.id].closed_by == "DEFAULT"
    assert rows[bob.account.id].checked_out_at == T0 + timedelta(
        minutes=settings.checkin_visit_minutes
    )
    assert [v["premise_name"] for v in mine_listed] == [shop.name]
