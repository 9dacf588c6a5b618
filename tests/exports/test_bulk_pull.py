"""The audit's case: a compromised administrator pulls 3,000,000 records from five IPs.

They get no more than the cap per file and the quota per day, and alerts are raised within a
minute. No 3 million rows are made: the cap refuses the request before any data is read.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from sihat.core import clock
from sihat.exports.models import ExportAlert, ExportDownload, ExportRequest
from sihat.security.models import SecurityEvent
from tests.exports.conftest import bearer, populate

IPS = ("203.0.113.10", "203.0.113.11", "198.51.100.7", "192.0.2.44", "100.64.3.9")
START = datetime(2021, 10, 28, 3, 0, tzinfo=UTC)  # 11:00 in Malaysia, office hours


def test_three_million_from_five_ips_gets_the_cap_and_raises_alerts(
    app, session, crew, settings
) -> None:
    settings.export_row_cap, settings.export_daily_quota_rows = 40, 80
    populate(session, 120)
    body = {
        "dataset": "people",
        "purpose": "Data quality review of all registrants",
        "fields": ["id_number", "full_name", "state"],
        "filters": {},
    }
    with clock.frozen(START) as advance:
        admin, approver = bearer(session, crew["admin"]), bearer(session, crew["approver"])
        session.commit()
        clients = [TestClient(app, client=(ip, 40000)) for ip in IPS]
        first = clients[0]
        r = first.post("/api/v1/exports", json={**body, "max_rows": 3_000_000}, headers=admin)
        assert r.status_code == 422 and r.json()["code"] == "export_above_cap"
        assert session.scalar(select(func.count()).select_from(ExportRequest)) == 0
        refused = session.scalars(select(ExportAlert)).one()  # written although rolled back
        assert refused.kind == "ABOVE_CAP" and refused.severity == "HIGH"
        assert refused.subject == crew["admin"].account.id and refused.raised_at == clock.now()
        assert session.scalar(
            select(SecurityEvent.count).where(SecurityEvent.kind == "EXPORT_REFUSED")
        )
        ids = []
        for _ in range(2):
            made = first.post("/api/v1/exports", json={**body, "max_rows": 40}, headers=admin)
            assert made.status_code == 201
            ids.append(made.json()["id"])
        over = first.post("/api/v1/exports", json={**body, "max_rows": 1}, headers=admin)
        assert over.status_code == 429 and over.json()["code"] == "export_quota_exceeded"
        for export_id in ids:
            ok = first.post(f"/api/v1/exports/{export_id}/approve", json={}, headers=approver)
            assert ok.status_code == 200
        first_download = clock.now()
        received, refused_downloads = 0, 0
        for n, c in enumerate(clients * 2):
            advance(timedelta(seconds=5))
            got = c.get(f"/api/v1/exports/{ids[n % 2]}/download", headers=admin)
            if got.status_code != 200:
                refused_downloads += 1
                assert got.json()["code"] == "export_download_limit"
                continue
            rows = list(csv.reader(io.StringIO(got.text)))[1:]
            assert len(rows) <= settings.export_row_cap + 1  # the marker row
            received += int(got.headers["x-export-rows"])
        for c in clients:
            c.close()
    assert refused_downloads == 10 - 2 * settings.export_max_downloads
    distinct = session.scalar(select(func.count(func.distinct(ExportDownload.ip))))
    assert distinct == 5
    # No more than the cap per file; the same 40 rows each time, never 3 million.
    assert received == 2 * settings.export_max_downloads * 40
    alerts = session.scalars(select(ExportAlert).order_by(ExportAlert.id)).all()
    many_ips = [a for a in alerts if a.kind == "MANY_IPS"]
    assert len(many_ips) == 4 and many_ips[-1].details["count"] == 5
    assert many_ips[0].raised_at - first_download <= timedelta(minutes=1)
    assert {a.kind for a in alerts} >= {"ABOVE_CAP", "QUOTA_EXCEEDED", "MANY_IPS"}


def test_volume_above_normal_and_odd_hours(session, crew, settings) -> None:
    from sihat.exports import service

    settings.export_alert_volume_floor = 10
    populate(session, 30)
    auditor, approver = crew["auditor"].account, crew["approver"].account
    body: dict[str, Any] = {
        "dataset": "people",
        "purpose": "Routine monthly extract",
        "fields": ["state"],
        "filters": {},
    }
    with clock.frozen(START - timedelta(days=10)) as advance:
        for _ in range(3):  # a normal of 5 rows a day
            row = service.request_export(session, auditor, **body, max_rows=5)
            service.approve(session, approver, row.id)
            service.download(session, auditor, row.id)
            advance(timedelta(days=1))
        assert session.scalars(select(ExportAlert.kind)).all() == []
        advance(timedelta(days=7, hours=16))  # 03:00 in Malaysia
        row = service.request_export(session, auditor, **body, max_rows=30)
        service.approve(session, approver, row.id)
        service.download(session, auditor, row.id)
    kinds = session.scalars(select(ExportAlert.kind).order_by(ExportAlert.id)).all()
    assert kinds == ["ODD_HOURS", "VOLUME_ABOVE_NORMAL", "ODD_HOURS"]
