"""Governance over HTTP, and staff login defences (failure limits, alerts, sessions)."""

from __future__ import annotations

from sqlalchemy import select

from sihat.core.alerts import Alert
from sihat.staff.models import StaffAccount
from tests import factories


def login(client, persona, ip: str | None = None) -> dict[str, str]:
    headers = {"x-forwarded-for": ip} if ip else {}
    r = client.post(
        "/api/v1/staff/login",
        headers=headers,
        json={
            "username": persona.account.username,
            "password": factories.STAFF_PASSWORD,
            "totp": persona.totp(),
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_create_staff_over_api_needs_another_persons_approval(client, session) -> None:
    p = factories.staff_personas(session)
    session.commit()
    maker, approver = login(client, p["admin"]), login(client, p["approver"])
    assert client.post("/api/v1/staff", json={}, headers=maker).status_code in (404, 405)
    body = {
        "kind": "CREATE",
        "reason": "new desk officer",
        "username": "desk.c",
        "full_name": "Desk C",
        "roles": [{"role": "REGISTRATION_DESK", "scope_type": "PPV", "scope_code": "PPV-C"}],
    }
    made = client.post("/api/v1/governance/staff-requests", json=body, headers=maker)
    assert made.status_code == 201 and made.json()["status"] == "PENDING"
    rid = made.json()["id"]
    own = client.post(f"/api/v1/governance/staff-requests/{rid}/decision", json={}, headers=maker)
    assert own.status_code == 403 and own.json()["code"] == "self_approval"
    assert own.headers["content-type"].startswith("application/problem+json")
    listed = client.get("/api/v1/governance/staff-requests", headers=approver).json()
    assert [r["id"] for r in listed] == [rid]
    done = client.post(
        f"/api/v1/governance/staff-requests/{rid}/decision", json={}, headers=approver
    )
    assert done.status_code == 200 and done.json()["status"] == "EXECUTED"
    code = done.json()["activation_code"]
    again = client.post(
        f"/api/v1/governance/staff-requests/{rid}/decision", json={}, headers=approver
    )
    assert again.json()["code"] == "request_not_pending"
    act = client.post(
        "/api/v1/staff/activate",
        json={"username": "desk.c", "code": code, "password": factories.STAFF_PASSWORD},
    )
    assert act.status_code == 200 and act.json()["totp_uri"].startswith("otpauth://")
    review = client.get("/api/v1/governance/access-review", headers=approver).json()
    row = next(r for r in review if r["username"] == "desk.c")
    assert row["granted_by"] == rid and row["scope_code"] == "PPV-C"
    hotline = login(client, p["hotline"])
    assert client.get("/api/v1/governance/access-review", headers=hotline).status_code == 403


def test_disabled_account_sessions_stop_on_next_request(client, session) -> None:
    p = factories.staff_personas(session)
    session.commit()
    victim = login(client, p["auditor"])
    assert client.get("/api/v1/staff/me", headers=victim).status_code == 200
    maker, approver = login(client, p["admin"]), login(client, p["approver"])
    rid = client.post(
        "/api/v1/governance/staff-requests",
        headers=maker,
        json={
            "kind": "TERMINATE",
            "reason": "contract ended",
            "target_staff_id": p["auditor"].account.id,
        },
    ).json()["id"]
    client.post(f"/api/v1/governance/staff-requests/{rid}/decision", json={}, headers=approver)
    r = client.get("/api/v1/staff/me", headers=victim)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_credential_stuffing_gets_no_more_than_the_account_limit(client, session, settings) -> None:
    p = factories.staff_personas(session)
    session.commit()
    settings.login_per_account_per_hour = 12
    settings.trusted_proxies = ["0.0.0.0/0"]
    codes = []
    for i in range(40):  # forty addresses, one guess each
        r = client.post(
            "/api/v1/staff/login",
            headers={"x-forwarded-for": f"203.0.113.{i}"},
            json={"username": "hotline", "password": f"guess-{i:04d}-password", "totp": "123456"},
        )
        codes.append(r.json()["code"])
    assert codes.count("staff_login_failed") <= 12
    assert codes.count("too_many_attempts") == 40 - codes.count("staff_login_failed")
    # Other staff are not slowed by the attack on one account.
    assert "Authorization" in login(client, p["auditor"], ip="198.51.100.7")


def test_login_from_new_address_and_two_addresses_alert(client, session, settings) -> None:
    p = factories.staff_personas(session)
    session.commit()
    settings.trusted_proxies = ["0.0.0.0/0"]
    login(client, p["auditor"], ip="10.0.0.1")
    assert not session.scalars(select(Alert)).all()
    login(client, p["auditor"], ip="10.0.0.2")
    kinds = sorted(a.kind for a in session.scalars(select(Alert)))
    assert kinds == ["staff_active_from_two_ips", "staff_login_new_ip"]
    alert = session.scalar(select(Alert).where(Alert.kind == "staff_active_from_two_ips"))
    assert alert.details["other_ips"] == ["10.0.0.1"]
    assert alert.subject_id == session.scalar(
        select(StaffAccount.id).where(StaffAccount.username == "auditor")
    )
