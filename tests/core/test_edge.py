"""No input may produce a 500 (#17 item 5): NUL bytes, crafted visit ids and deeply nested
JSON are refused at the edge with a stable code each, on both databases and on the fast
routes as on the others. Schemathesis (``tests/api``) sweeps every operation for the class."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.checkins.conftest import citizen


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("POST", "/api/v1/registrations/web", {"json": {"full_name": "Ali\x00"}}),
        ("POST", "/api/v1/checkins", {"json": {"qr": "k1.\x00.1.AAAA"}}),
        ("GET", "/api/v1/checkins/premise", {"params": {"qr_code": "a\x00b"}}),
        ("GET", "/api/v1/vaccination/centres/PPV%00A", {}),
        ("POST", "/login", {"data": {"phone": "012\x00", "password": "x"}}),
    ],
)
def test_a_nul_byte_is_refused_with_its_code(client, method, path, kwargs) -> None:
    r = client.request(method, path, **kwargs)
    assert (r.status_code, r.json()["code"]) == (422, "invalid_character")


@pytest.mark.parametrize("path", ["/api/v1/checkins", "/api/v1/registrations/web"])
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "fastapi"])
def test_deeply_nested_json_is_refused(app, path, fast) -> None:
    app.fast_enabled = fast
    body = b"[" * 1000 + b"]" * 1000
    with TestClient(app) as client:
        r = client.post(path, content=body, headers={"content-type": "application/json"})
    assert (r.status_code, r.json()["code"]) == (422, "too_deeply_nested")


@pytest.mark.parametrize(
    "visit_id", ["ffffffff-ffff-4fff-bfff-ffffffffffff", "eb85403c-7e8d-3475-9962-1895e98f559d"]
)
def test_a_crafted_visit_id_is_not_found(client, session, visit_id) -> None:
    alice = citizen(session)
    session.commit()
    r = client.post(f"/api/v1/checkins/{visit_id}/checkout", headers=alice.headers)
    assert (r.status_code, r.json()["code"]) == (404, "not_found")
