"""The fast-route layer (``core.fastpath``) on its own: body limit, crashes, the health probe."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sihat.core.fastpath import FastRequest, FastResponse


def test_health_is_the_same_both_ways(app, client) -> None:
    fast = client.get("/api/v1/health")
    app.fast_enabled = False
    slow = client.get("/api/v1/health")
    assert fast.status_code == slow.status_code == 200
    assert fast.json() == slow.json() and fast.json()["status"] == "ok"


def test_a_body_over_the_limit_is_refused(app, client) -> None:
    seen: list[bytes] = []

    async def echo(request: FastRequest) -> FastResponse:
        seen.append(request.body)
        return FastResponse(b"{}")

    app.fast.add("POST", "/api/v1/test-echo", echo)
    ok = client.post("/api/v1/test-echo", content=b"x" * app.fast.max_body)
    assert ok.status_code == 200 and seen == [b"x" * app.fast.max_body]
    big = client.post("/api/v1/test-echo", content=b"x" * (app.fast.max_body + 1))
    assert big.status_code == 413 and big.json()["code"] == "payload_too_large"
    assert big.json()["detail_ms"] and big.json()["request_id"]
    assert len(seen) == 1


def test_a_crash_is_an_internal_error_problem(app) -> None:
    async def crash(_request: FastRequest) -> FastResponse:
        raise RuntimeError("boom")

    app.fast.add("GET", "/api/v1/test-crash", crash)
    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/api/v1/test-crash")
    assert r.status_code == 500
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["code"] == "internal_error" and "boom" not in r.text
