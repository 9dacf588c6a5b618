"""Every refusal of the export flow: its code, and nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.exports import service
from sihat.exports.models import ExportDownload, ExportRequest
from tests.exports.conftest import bearer, populate

BODY: dict[str, Any] = {
    "dataset": "people",
    "purpose": "Verification of outreach lists",
    "fields": ["id_number", "state"],
    "filters": {},
    "max_rows": 5,
}
OFFICE_HOURS = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia


def writes(session) -> tuple[int, int, int]:
    request_count, download_count, event_count = (
        int(session.scalar(select(func.count()).select_from(m)))
        for m in (ExportRequest, ExportDownload, AuditEvent)
    )
    return request_count, download_count, event_count


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"dataset": "dose_records_raw"}, "export_unknown_dataset"),
        ({"fields": ["id_number", "password_hash"]}, "export_unknown_field"),
        ({"fields": ["state", "state"]}, "export_unknown_field"),
        ({"filters": {"phone": "+60123456789"}}, "export_bad_filter"),
        ({"filters": {"verified": "yes"}}, "export_bad_filter"),
        ({"max_rows": 50_001}, "export_above_cap"),
    ],
)
def test_bad_requests_are_refused(client, session, crew, change, code) -> None:
    headers = bearer(session, crew["auditor"])
    session.commit()
    before = writes(session)
    r = client.post("/api/v1/exports", json={**BODY, **change}, headers=headers)
    assert r.json()["code"] == code
    assert writes(session) == before


def test_roles_and_who_sees_what(client, session, crew) -> None:
    populate(session, 3)
    tokens = {name: bearer(session, crew[name]) for name in ("hotline", "auditor", "health")}
    tokens["sec"] = bearer(session, crew["sec"])
    session.commit()
    r = client.post("/api/v1/exports", json=BODY, headers=tokens["hotline"])
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    made = client.post("/api/v1/exports", json=BODY, headers=tokens["auditor"]).json()
    url = f"/api/v1/exports/{made['id']}"
    # Another requester does not see it; an approver does but may not download it.
    assert client.get(url, headers=tokens["health"]).json()["code"] == "not_found"
    assert client.get(url, headers=tokens["sec"]).status_code == 200
    assert client.post(url + "/approve", json={}, headers=tokens["health"]).status_code == 404
    assert client.get(url + "/download", headers=tokens["auditor"]).json()["code"] == (
        "export_not_approved"
    )
    assert client.post(url + "/approve", json={}, headers=tokens["sec"]).status_code == 200
    assert client.get(url + "/download", headers=tokens["sec"]).json()["code"] == "not_found"
    again = client.post(url + "/reject", json={}, headers=tokens["sec"])
    assert again.json()["code"] == "export_not_pending"
    assert client.get("/api/v1/exports/alerts", headers=tokens["health"]).status_code == 403
    assert client.get("/api/v1/exports/alerts", headers=tokens["sec"]).status_code == 200


def test_self_approval_is_refused_and_raises_an_alert(session, crew, db) -> None:
    from sihat.exports.models import ExportAlert
    from sihat.security import service as security

    admin = crew["admin"].account
    with clock.frozen(OFFICE_HOURS):
        row = service.request_export(session, admin, **BODY)
        before = writes(session)
        with pytest.raises(Problem) as caught:
            service.approve(session, admin, row.id)
        assert caught.value.code == "export_self_approval"
        assert writes(session) == before and row.status == "PENDING"
        session.commit()
        security.flush(db)
    kinds = session.scalars(select(ExportAlert.kind)).all()
    assert kinds == ["SELF_APPROVAL"]


def test_expiry_and_download_limit(session, crew, settings) -> None:
    populate(session, 2)
    auditor, approver = crew["auditor"].account, crew["approver"].account
    with clock.frozen(OFFICE_HOURS) as advance:
        stale = service.request_export(session, auditor, **BODY)
        fresh = service.request_export(session, auditor, **BODY)
        advance(timedelta(hours=settings.export_request_ttl_hours))
        with pytest.raises(Problem) as caught:
            service.approve(session, approver, stale.id)
        assert caught.value.code == "export_expired" and stale.status == "PENDING"
        fresh.expires_at = clock.now() + timedelta(hours=1)
        service.approve(session, approver, fresh.id)
        for _ in range(settings.export_max_downloads):
            assert service.download(session, auditor, fresh.id).rows == 2
        before = writes(session)
        with pytest.raises(Problem) as caught:
            service.download(session, auditor, fresh.id)
        assert caught.value.code == "export_download_limit" and writes(session) == before
        advance(timedelta(hours=settings.export_file_ttl_hours + 1))
        with pytest.raises(Problem) as caught:
            service.download(session, auditor, fresh.id)
        assert caught.value.code == "export_expired"
