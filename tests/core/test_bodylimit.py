"""One body limit for every route (#17 item 6): an oversized body is refused
``payload_too_large`` on every route that takes one, declared or streamed, before the route
runs; upload routes (``core.bodylimit.allow``) take more."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from sihat.core import bodylimit

OVER = 300 * 1024  # above the default 256 KiB and the fast routes' 16 KiB


def _routes(app) -> list[tuple[str, str]]:
    """Every API operation that takes a body (from the OpenAPI document) and the pages' forms."""
    found = []
    pages = ["/login", "/signup", "/staff/login", "/register", "/certificates/verify"]
    operations = [
        (method.upper(), path) for path, ops in app.openapi()["paths"].items() for method in ops
    ] + [("POST", p) for p in pages]
    for method, template in operations:
        path = re.sub(r"\{[^}]+\}", "x", template)
        limit = bodylimit.limit_for(path, app.state.settings)
        if method in {"POST", "PUT", "PATCH"} and limit < OVER:
            found.append((method, path))
    return found


def test_every_route_refuses_an_oversized_body(app) -> None:
    routes = _routes(app)
    assert len(routes) > 50
    body = b"x" * OVER
    with TestClient(app) as client:
        for method, path in routes:
            r = client.request(method, path, content=body, headers={"content-type": "text/plain"})
            assert (r.status_code, r.json()["code"]) == (413, "payload_too_large"), path
            assert r.headers["content-type"] == "application/problem+json"


def test_a_streamed_body_without_a_length_is_cut_off_too(app) -> None:
    def chunks():
        for _ in range(OVER // 4096 + 1):
            yield b'{"a":"' + b"x" * 4090 + b'"}'

    with TestClient(app) as client:
        r = client.post(
            "/api/v1/registrations/web",
            content=chunks(),
            headers={"content-type": "application/json"},
        )
    assert r.status_code == 413 and r.json()["code"] == "payload_too_large"


def test_an_upload_route_takes_more(app) -> None:
    assert bodylimit.limit_for("/staff/cases/import", app.state.settings) > OVER
    with TestClient(app) as client:
        r = client.post("/api/v1/certificates/verify", files={"image": ("qr.png", b"x" * OVER)})
    assert r.status_code != 413


@pytest.mark.parametrize("size", [1024])
def test_the_limit_is_a_setting(app, settings, size) -> None:
    app.state.settings = settings.model_copy(update={"max_body_bytes": size})
    with TestClient(app) as client:
        r = client.post(
            "/api/v1/registrations/web",
            content=b"{" + b" " * size + b"}",
            headers={"content-type": "application/json"},
        )
    assert r.status_code == 413
