"""``/api/v1/risk``: the caller's status and their dependents', history, views counted."""

from __future__ import annotations

from sihat.core import clock
from sihat.identity import service as identity
from sihat.identity.models import Account
from sihat.risk import service
from sihat.risk.statuses import CLOSE_CONTACT, CONFIRMED
from tests import factories


def login(client, session) -> tuple[Account, dict[str, str]]:
    p = factories.adult()
    account = factories.sign_up(session, p)
    session.commit()
    token = client.post(
        "/api/v1/auth/login", json={"phone": p.phone, "password": factories.PASSWORD}
    ).json()["token"]
    return account, {"Authorization": f"Bearer {token}"}


def give(session, pid: str, status: str, ref: str = "MY-2026-5") -> None:
    service.set_status(
        session,
        pid,
        status,
        source="CASE",
        source_ref=ref,
        reason="positive_test" if status == CONFIRMED else "household_contact",
        starts_at=clock.now(),
    )
    session.commit()


def test_me_shows_my_status_and_my_dependents_and_counts_the_view(client, session) -> None:
    account, headers = login(client, session)
    kid = identity.add_dependent(
        session, account, factories.identity_of(factories.child()), "CHILD"
    )
    give(session, account.person_id, CONFIRMED)
    give(session, kid.person_id, CLOSE_CONTACT)
    before = service.views(session, clock.today_my())
    response = client.get("/api/v1/risk/me", headers=headers)
    assert response.status_code == 200
    people = {p["person_id"]: p for p in response.json()["people"]}
    mine, theirs = people[account.person_id], people[kid.person_id]
    assert (mine["status"], mine["is_self"], mine["colour"]) == (CONFIRMED, True, "red")
    assert (mine["label_en"], mine["label_ms"]) == ("Confirmed case", "Kes positif")
    assert mine["reason_en"] and mine["until"]
    assert (theirs["status"], theirs["is_self"]) == (CLOSE_CONTACT, False)
    assert "MY-2026-5" not in response.text
    client.get("/api/v1/risk/me", headers=headers)
    assert service.views(session, clock.today_my()) == before + 2


def test_history_of_self_or_dependent_only(client, session) -> None:
    account, headers = login(client, session)
    give(session, account.person_id, CONFIRMED)
    mine = client.get(f"/api/v1/risk/people/{account.person_id}/history", headers=headers)
    assert mine.status_code == 200
    (row,) = mine.json()
    assert (row["status"], row["current"], row["source_en"]) == (CONFIRMED, True, "Test result")
    assert "MY-2026-5" not in mine.text
    stranger = factories.sign_up(session)
    session.commit()
    other = client.get(f"/api/v1/risk/people/{stranger.person_id}/history", headers=headers)
    assert (other.status_code, other.json()["code"]) == (404, "not_found")


def test_anonymous_callers_are_refused(client) -> None:
    response = client.get("/api/v1/risk/me")
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
