"""``POST /api/v1/checkins`` is a fast route (``core.fastpath``): it must answer exactly as
the FastAPI route of the same path does (``SIHAT_FAST_ROUTES=false``), refusals included,
and keep the security log's view of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from sihat.checkins.models import CheckIn
from sihat.core import clock
from sihat.security import service
from sihat.security.models import SecurityEvent
from tests.checkins.conftest import code_of

T0 = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)


def _shape(response: Any) -> tuple[int, str, Any]:
    """What must agree between the two ways in (ids and times differ from call to call)."""
    body = response.json()
    if response.status_code >= 400:
        keys = ("code", "status", "field", "detail_en", "detail_ms", "instance", "errors")
        return (
            response.status_code,
            response.headers["content-type"],
            {k: body.get(k) for k in keys},
        )
    visits = [{k: v[k] for k in ("person", "duplicate", "door")} for v in body["visits"]]
    return (
        response.status_code,
        response.headers["content-type"],
        {
            "premise_name": body["premise_name"],
            "visits": visits,
        },
    )


CASES = [
    ("valid", lambda code: {"qr": code}, True),
    ("forged", lambda code: {"qr": code[:-4] + "AAAA"}, True),
    ("no body field", lambda code: {"include_self": True}, True),
    ("wrong type", lambda code: {"qr": code, "dependents": "x"}, True),
    ("not an object", lambda code: [code], True),
    ("nobody", lambda code: {"qr": code, "include_self": False}, True),
    ("no token", lambda code: {"qr": code}, False),
]


@pytest.mark.parametrize("case", [c[0] for c in CASES])
def test_fast_and_fastapi_routes_answer_alike(case, app, client, session, alice, shop) -> None:
    _name, make, signed_in = next(c for c in CASES if c[0] == case)
    answers = []
    for fast in (True, False):
        app.fast_enabled = fast
        headers = alice.headers if signed_in else {}
        with clock.frozen(T0 if fast else T0.replace(hour=5)):  # a new visit each time
            answers.append(
                client.post("/api/v1/checkins", json=make(code_of(shop)), headers=headers)
            )
    assert _shape(answers[0]) == _shape(answers[1])
    assert all(a.headers.get("x-request-id") for a in answers)


def test_malformed_json_is_refused_alike_and_nothing_is_written(
    app, client, session, alice
) -> None:
    answers = []
    for fast in (True, False):
        app.fast_enabled = fast
        answers.append(
            client.post(
                "/api/v1/checkins",
                content=b'{"qr": ',
                headers={**alice.headers, "content-type": "application/json"},
            )
        )
    assert _shape(answers[0]) == _shape(answers[1])
    assert answers[0].status_code == 422 and answers[0].json()["code"] == "invalid_input"
    assert answers[0].headers["content-type"] == "application/problem+json"
    assert session.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_injection_in_a_refused_check_in_is_a_security_event(client, db, session, alice) -> None:
    body = {"qr": "' OR '1'='1' --", "dependents": ["<script>alert(1)</script>"]}
    r = client.post("/api/v1/checkins", json=body, headers=alice.headers)
    assert r.json()["code"] == "qr_invalid"
    service.flush(db)
    kinds = set(session.scalars(select(SecurityEvent.kind)))
    assert {"FORGED_QR", "SQL_INJECTION"} <= kinds


def test_a_request_id_given_is_kept_and_a_bad_one_replaced(client) -> None:
    kept = client.get("/api/v1/health", headers={"x-request-id": "abc123"})
    assert kept.headers["x-request-id"] == "abc123"
    replaced = client.get("/api/v1/health", headers={"x-request-id": "no spaces allowed"})
    assert replaced.headers["x-request-id"].isalnum()
    assert replaced.headers["x-request-id"] != "no spaces allowed"
