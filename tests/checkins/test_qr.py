"""Signed codes: forged, altered and rotated-out codes are refused and kept as security events."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import func, select

from sihat.checkins import qr
from sihat.checkins.models import CheckIn, QrSecurityEvent
from tests.checkins.conftest import code_of


def events(session, kind: str) -> list[QrSecurityEvent]:
    return list(session.scalars(select(QrSecurityEvent).where(QrSecurityEvent.kind == kind)))


def stored(session) -> int:
    return int(session.scalar(select(func.count()).select_from(CheckIn)) or 0)


def test_sign_and_verify_round_trip() -> None:
    token = qr.sign("p-1", 3)
    claims = qr.verify(token)
    assert (claims.premise_id, claims.version) == ("p-1", 3)
    assert qr.token_from(f"https://sihat.example/c/{token}?utm=x") == token


@pytest.mark.parametrize(
    "tamper",
    [
        lambda kid, pid, ver, mac: f"{kid}.{pid}.{ver}.{'A' * len(mac)}",  # forged MAC
        lambda kid, pid, ver, mac: f"{kid}.{pid[:-1]}{'1' if pid[-1] == '0' else '0'}.{ver}.{mac}",
        lambda kid, pid, ver, mac: f"{kid}.{pid}.{int(ver) + 1}.{mac}",  # a future version
        lambda kid, pid, ver, mac: f"k9.{pid}.{ver}.{mac}",  # unknown key
        lambda kid, pid, ver, mac: f"{pid}.{ver}.{mac}",  # malformed
    ],
    ids=["forged", "altered-premise", "altered-version", "unknown-key", "malformed"],
)
def test_forged_or_altered_codes_are_refused(client, session, alice, shop, tamper) -> None:
    kid, pid, ver, mac = qr.sign(shop.id, shop.qr_version).split(".")
    bad = "http://127.0.0.1:8000/c/" + tamper(kid, pid, ver, mac)
    r = client.post("/api/v1/checkins", json={"qr": bad}, headers=alice.headers)
    assert r.status_code == 400 and r.json()["code"] == "qr_invalid"
    assert "tidak sah" in r.json()["detail_ms"]
    assert stored(session) == 0
    [event] = events(session, "qr_invalid")
    assert event.account_id == alice.account.id and event.ip
    # ... and counted by the platform's security-event log, flushed after the response.
    from sihat.security.models import SecurityEvent

    logged = session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "FORGED_QR")).all()
    assert sum(e.count for e in logged) == 1 and logged[0].target == "/api/v1/checkins"


def test_a_code_signed_with_another_key_is_refused(client, session, alice, shop, settings) -> None:
    other = settings.model_copy(update={"checkin_qr_key": "someone-elses-key-" + "x" * 20})
    forged = qr.sign(shop.id, shop.qr_version, other)
    r = client.post("/api/v1/checkins", json={"qr": forged}, headers=alice.headers)
    assert r.json()["code"] == "qr_invalid" and stored(session) == 0
    assert len(events(session, "qr_invalid")) == 1
    # the public look-up refuses it the same way, and keeps it too
    r = client.get("/api/v1/checkins/premise", params={"qr_code": forged})
    assert r.json()["code"] == "qr_invalid" and len(events(session, "qr_invalid")) == 2


def test_rotated_out_code_is_refused_and_new_one_works(client, session, alice, owner, shop) -> None:
    old = code_of(shop)
    r = client.post(f"/api/v1/premises/{shop.id}/rotate", headers=owner.headers)
    assert r.status_code == 200 and r.json()["qr_version"] == 2
    new = r.json()["qr_url"]
    refused = client.post("/api/v1/checkins", json={"qr": old}, headers=alice.headers)
    assert refused.status_code == 410 and refused.json()["code"] == "qr_rotated"
    assert client.get("/api/v1/checkins/premise", params={"qr_code": old}).status_code == 410
    assert stored(session) == 0 and len(events(session, "qr_rotated")) == 2
    ok = client.post("/api/v1/checkins", json={"qr": new}, headers=alice.headers)
    assert ok.status_code == 201 and stored(session) == 1
    public = client.get("/api/v1/checkins/premise", params={"qr_code": new}).json()
    assert public == {
        "premise_id": shop.id,
        "name": shop.name,
        "category": "RETAIL",
        "state": "Selangor",
        "district": "Petaling",
    }


def test_only_the_owner_rotates(client, alice, shop) -> None:
    r = client.post(f"/api/v1/premises/{shop.id}/rotate", headers=alice.headers)
    assert r.status_code == 404


def test_mac_is_128_bits() -> None:
    mac = qr.sign("p", 1).split(".")[-1]
    assert len(base64.urlsafe_b64decode(mac + "==")) == qr.MAC_BYTES


def test_demo_signing_key_refused_outside_demo_mode() -> None:
    from pydantic import ValidationError

    from sihat.core.settings import DEMO_KEY, Settings

    keys: dict[str, Any] = {
        name: "a-real-secret-0123456789abcdef"
        for name, field in Settings.model_fields.items()
        if name.endswith("_key") and field.default == DEMO_KEY
    }
    keys["argon2_profile"] = "strong"  # the tests run with "fast", itself refused outside demo
    keys["clock_offset_days"] = 0  # the date-bomb run shifts the clock, refused outside demo
    with pytest.raises(ValidationError, match="SIHAT_CHECKIN_QR_KEY"):
        Settings(demo=False, **{**keys, "checkin_qr_key": DEMO_KEY})
    assert Settings(demo=False, **keys).checkin_qr_key != DEMO_KEY


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_a_forged_code_page_is_a_clean_400_logged_in_or_not(fresh_database, settings, logged_in):
    """#17 item 10: the page recorded the refusal by waiting for the check-in writer while its
    own transaction (opened by looking up the logged-in caller) held SQLite's write lock: 30 s,
    then a 500 ``TimeoutError``. Committed rows and the real writer, as in production."""
    from fastapi.testclient import TestClient

    from sihat.app import create_app
    from sihat.identity.deps import COOKIE
    from tests.checkins.conftest import citizen

    with fresh_database.unit_of_work() as s:
        person = citizen(s)
        account_id = person.account.id
    app = create_app(settings, database=fresh_database)
    with TestClient(app, raise_server_exceptions=True) as client:
        if logged_in:
            client.cookies.set(COOKIE, person.token)
        r = client.get("/c/k1.not-a-premise.1.AAAAAAAAAAAAAAAAAAAAAA")
    assert r.status_code == 400 and 'data-code="qr_invalid"' in r.text
    with fresh_database.unit_of_work() as s:
        [event] = events(s, "qr_invalid")
        assert event.account_id == (account_id if logged_in else None)
