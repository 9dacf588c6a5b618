"""Offline upload: client ids make a batch idempotent; each record gets its own result."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from sihat.core import clock
from sihat.core.trail import AuditEvent
from sihat.vaccination import doses, sync
from tests.vaccination.conftest import PFIZER, count_doses, quantity, recipient, staff_headers


def _records(session, world, n: int = 3) -> list[dict[str, object]]:
    device_clock = clock.now() + timedelta(minutes=7)  # the tablet runs seven minutes fast
    out = []
    for i in range(n):
        given = clock.now() - timedelta(hours=30 + i)
        out.append(
            {
                "client_id": f"tablet-3-{i:06d}",
                "person_id": recipient(session).person_id,
                "dose_number": 1,
                "product": PFIZER,
                "batch_id": world.pfizer_a.id,
                "ppv_code": "PPV-A",
                "administered_at": given.isoformat(),
                "device_time": (device_clock - timedelta(hours=30 + i)).isoformat(),
            }
        )
    return out


def test_the_same_batch_twice_creates_nothing_twice(session, client, world) -> None:
    records = _records(session, world)
    records.append({**records[0], "client_id": "tablet-3-late", "dose_number": 2})
    records.append(
        {
            **records[1],
            "client_id": "tablet-3-old",
            "person_id": recipient(session).person_id,
            "administered_at": (clock.now() - timedelta(hours=80)).isoformat(),
        }
    )
    session.commit()
    headers = staff_headers(client, world.staff["vaccinator_a"])
    body = {
        "device_id": "tablet-3",
        "device_sent_at": (clock.now() + timedelta(minutes=7)).isoformat(),
        "records": records,
    }
    first = client.post("/api/v1/vaccination/doses/upload", json=body, headers=headers).json()
    assert (first["accepted"], first["duplicates"], first["refused"]) == (3, 0, 2)
    refused = {r["client_id"]: r["code"] for r in first["results"] if r["status"] == "refused"}
    assert refused == {
        "tablet-3-late": "dose_sequence",
        "tablet-3-old": "late_entry_needs_approval",
    }
    again = client.post("/api/v1/vaccination/doses/upload", json=body, headers=headers).json()
    assert (again["accepted"], again["duplicates"], again["refused"]) == (0, 3, 2)
    assert [r["dose_id"] for r in again["results"][:3]] == [
        r["dose_id"] for r in first["results"][:3]
    ]
    session.expire_all()
    assert count_doses(session) == 3
    assert quantity(session, "PPV-A", world.pfizer_a) == 97
    uploads = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "vaccination:upload:received")
    ).all()
    assert [u.details["accepted"] for u in uploads] == [3, 0]
    assert uploads[0].details["device_clock_offset_s"] == -420
    dose = doses.by_client_id(session, "tablet-3-000000")
    assert dose is not None and dose.source == "OFFLINE" and dose.device_time is not None


def test_service_results_per_record(session, world) -> None:
    vaccinator = world.account("vaccinator_a")
    raw = _records(session, world, 2)
    inputs = [
        doses.DoseInput(
            person_id=str(r["person_id"]),
            dose_number=1,
            product=PFIZER,
            batch_id=world.pfizer_a.id,
            ppv_code="PPV-A",
            administered_at=clock.now() - timedelta(hours=1),
            client_id=str(r["client_id"]),
        )
        for r in raw
    ]
    inputs.append(
        doses.DoseInput(**{**inputs[0].__dict__, "client_id": "x-future-1", "person_id": "nobody"})
    )
    results = sync.upload(session, vaccinator, inputs, device_id="tablet-9")
    assert [r.status for r in results] == ["accepted", "accepted", "refused"]
    assert results[2].code == "person_not_found" and results[2].detail_ms
    again = sync.upload(session, vaccinator, inputs[:2], device_id="tablet-9")
    assert [r.status for r in again] == ["duplicate", "duplicate"]
    assert count_doses(session) == 2
