"""Manual check-in by premise staff for a visitor without a phone app."""

from __future__ import annotations

from sqlalchemy import select, text

from sihat.checkins.models import CheckIn
from tests.checkins.conftest import citizen


def test_owner_and_staff_record_a_visitor_phone_encrypted(client, session, owner, shop) -> None:
    helper = citizen(session)
    r = client.post(
        f"/api/v1/premises/{shop.id}/staff",
        json={"mysj_id": helper.account.mysj_id},
        headers=owner.headers,
    )
    assert r.status_code == 201
    body = {"name": "Mak  Cik Kiah", "phone": "012-345 6789"}
    r = client.post(
        f"/api/v1/premises/{shop.id}/manual-checkins", json=body, headers=helper.headers
    )
    assert r.status_code == 201, r.text
    [visit] = r.json()["visits"]
    assert visit["door"]["colour"] == "grey" and visit["person_id"] is None
    row = session.scalars(select(CheckIn)).one()
    assert (row.method, row.visitor_name, row.account_id) == (
        "MANUAL",
        "Mak Cik Kiah",
        helper.account.id,
    )
    assert row.visitor_phone == "+60123456789"
    raw = session.execute(text("SELECT visitor_phone, visitor_name FROM checkins")).one()
    assert "60123456789" not in raw[0] and "Kiah" not in raw[1]
    # the same visitor again within the window is the same visit, whoever records it
    again = client.post(
        f"/api/v1/premises/{shop.id}/manual-checkins", json=body, headers=owner.headers
    )
    assert again.json()["visits"][0]["duplicate"] is True
    assert len(session.scalars(select(CheckIn)).all()) == 1


def test_strangers_cannot_record_and_bad_phone_refused(client, session, alice, owner, shop) -> None:
    body = {"name": "Ali", "phone": "0123456789"}
    r = client.post(f"/api/v1/premises/{shop.id}/manual-checkins", json=body, headers=alice.headers)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.post(
        f"/api/v1/premises/{shop.id}/manual-checkins",
        json={"name": "Ali", "phone": "12ab"},
        headers=owner.headers,
    )
    assert r.status_code == 422
    assert session.scalars(select(CheckIn)).all() == []
