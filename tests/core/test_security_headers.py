"""Security headers and cookies (#17 item 11): every response carries a Content-Security-Policy
without inline script, nosniff, a Referrer-Policy and frame-ancestors; HSTS when the request came
over TLS; session cookies are ``Secure`` outside demo mode. Page tests also fail on any CSP
violation in the browser (``tests/browser.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sihat.core.settings import get_settings
from tests import factories

SRC = Path(__file__).resolve().parents[2] / "src" / "sihat"
PATHS = [
    "/",
    "/login",
    "/api/v1/health",
    "/api/v1/openapi.json",
    "/no-such-page",
    "/static/sihat.css",
    "/api/v1/registrations/web",
]


def _check(headers) -> None:
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline' " not in csp.split("script-src")[1][:30]
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_headers_and_hsts_only_over_tls(app, path) -> None:
    with TestClient(app) as plain:
        r = plain.get(path)
        _check(r.headers)
        assert "strict-transport-security" not in r.headers
    with TestClient(app, base_url="https://sihat.example") as tls:
        r = tls.get(path)
        _check(r.headers)
        assert r.headers["strict-transport-security"].startswith("max-age=31536000")


def test_a_fast_route_refusal_carries_them_too(app) -> None:
    with TestClient(app, base_url="https://sihat.example") as tls:
        r = tls.post("/api/v1/checkins", content=b"{")
    assert r.status_code == 422
    _check(r.headers)
    assert "strict-transport-security" in r.headers


def test_hsts_from_a_trusted_proxy_only(app, settings) -> None:
    with TestClient(app, client=("10.1.2.3", 5000)) as client:
        said = client.get("/", headers={"x-forwarded-proto": "https"})
        assert "strict-transport-security" not in said.headers  # not a trusted proxy
        app.state.settings = settings.model_copy(update={"trusted_proxies": ["10.0.0.0/8"]})
        said = client.get("/", headers={"x-forwarded-proto": "https"})
        assert "strict-transport-security" in said.headers


INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def test_no_template_has_inline_script() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE.search(line)
    ]
    assert found == []


def test_every_cookie_is_set_through_core_web() -> None:
    found = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path.name != "web.py" and re.search(r"\.(set|delete)_cookie\(", path.read_text())
    ]
    assert found == []


@pytest.mark.parametrize("demo", [True, False], ids=["demo", "production"])
def test_session_cookie_is_secure_outside_demo_mode(app, session, demo) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    app.state.settings = get_settings().model_copy(update={"demo": demo})
    with TestClient(app, base_url="https://sihat.example") as client:
        r = client.post(
            "/login",
            data={"phone": p.phone, "password": factories.PASSWORD},
            follow_redirects=False,
        )
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert ("Secure" in cookie) is not demo
