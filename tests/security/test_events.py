"""The security-event log: what is recorded, that it outlives a rolled-back request, counts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sihat.security import service
from sihat.security.models import SecurityEvent
from tests import factories


def events(session, kind: str | None = None) -> dict[tuple[str, str | None], int]:
    query = select(SecurityEvent.kind, SecurityEvent.target, func.sum(SecurityEvent.count))
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    rows = session.execute(query.group_by(SecurityEvent.kind, SecurityEvent.target)).all()
    return {(k, t): int(n) for k, t, n in rows}


def test_failed_login_is_recorded_although_the_request_rolled_back(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    for _ in range(3):
        r = client.post("/api/v1/auth/login", json={"phone": p.phone, "password": "wrong!"})
        assert r.json()["code"] == "login_failed"
    assert events(session, "AUTH_FAILURE") == {("AUTH_FAILURE", "/api/v1/auth/login"): 3}
    row = session.scalars(select(SecurityEvent)).first()
    assert row.details["code"] == "login_failed" and row.details["request_id"]
    assert p.phone not in str(row.details)


def test_unknown_paths_are_scans_but_hidden_rows_are_not(client, session) -> None:
    assert client.get("/wp-login.php").status_code == 404
    assert client.get("/.env").status_code == 404
    assert client.delete("/api/v1/health").status_code == 405
    r = client.get("/api/v1/registrations/me", headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401
    assert client.get("/api/v1/registrations/me").status_code == 401  # not logged in: no event
    assert events(session) == {
        ("SCAN", "/wp-login.php"): 1,
        ("SCAN", "/.env"): 1,
        ("SCAN", "/api/v1/health"): 1,
        ("BAD_TOKEN", "/api/v1/registrations/me"): 1,
    }


def test_injection_like_and_malformed_payloads(client, session) -> None:
    client.get("/api/v1/health", params={"q": "1' OR '1'='1"})
    client.post("/api/v1/auth/login", json={"phone": "<script>alert(1)</script>", "password": "x"})
    client.post(
        "/api/v1/auth/login",
        content=b'{"phone": "0123", "password": ',
        headers={"content-type": "application/json"},
    )
    client.get("/static/..%2f..%2fetc/passwd")
    client.post("/api/v1/auth/login", json={"phone": "${jndi:ldap://x/a}", "password": "x"})
    found = events(session)
    assert found[("SQL_INJECTION", "/api/v1/health")] == 1
    assert found[("XSS", "/api/v1/auth/login")] == 1
    assert found[("MALFORMED", "/api/v1/auth/login")] >= 1
    assert found[("INJECTION", "/api/v1/auth/login")] == 1
    assert any(kind == "PATH_TRAVERSAL" for kind, _ in found)
    # An ordinary name with an apostrophe is not an injection.
    client.post("/api/v1/auth/login", json={"phone": "+60123456789", "password": "O'Brien 1"})
    assert not any(k == "SQL_INJECTION" and t == "/api/v1/auth/login" for k, t in events(session))


def test_rate_limit_hits_are_recorded_by_scope(client, session, settings) -> None:
    phone = factories.adult().phone
    for _ in range(settings.otp_per_phone_per_hour + 2):
        client.post("/api/v1/accounts/otp", json={"phone": phone})
    assert events(session, "RATE_LIMIT") == {("RATE_LIMIT", "otp:phone"): 2}


def test_report_counts_by_kind_and_source(app, session, db) -> None:
    for ip, n in (("198.51.100.1", 3), ("198.51.100.2", 1)):
        with TestClient(app, client=(ip, 4000)) as c:
            for _ in range(n):
                c.get("/phpmyadmin/")
    service.record(None, "FORGED_QR", "198.51.100.2", "checkin")
    service.flush(db)
    report = service.report(session)
    assert report["attempts"] == 5
    assert report["by_kind"] == {"FORGED_QR": 1, "SCAN": 4}
    assert report["by_source"][0] == {"source_ip": "198.51.100.1", "attempts": 3}
    assert report["sources_blocked"] == 0


def test_a_browser_walking_the_site_is_not_an_intruder(client, session) -> None:
    """#17 item 8: what browsers ask for by themselves, and a mistyped link, count nothing."""
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    for path in (
        "/robots.txt",
        "/apple-touch-icon.png",
        "/apple-touch-icon-precomposed.png",
        "/registr",
        "/static/nothing.css",
        "/.well-known/change-password",
    ):
        assert client.get(path, headers={"accept": "text/html"}).status_code == 404
    for path in ("/", "/login", "/register", "/certificates/verify"):
        assert client.get(path, headers={"accept": "text/html"}).status_code == 200
    assert events(session) == {}
    assert client.get("/wp-admin/setup-config.php").status_code == 404
    assert events(session) == {("SCAN", "/wp-admin/setup-config.php"): 1}
