"""``/api/v1/cases``: record, duplicate, refusals as problem+json in Malay and English, confirm,
retraction by two officers."""

from __future__ import annotations

from sqlalchemy import func, select

from sihat.cases.models import Case
from tests.cases.conftest import bearer, person_of


def body_for(person, **changes) -> dict[str, object]:
    return {
        "specimen_id": "LAB-SEL-0001",
        "id_type": person.id_type,
        "id_number": person.id_number,
        "issuing_country": person.issuing_country,
        "source": "lab_rtpcr",
        "sample_at": "2026-11-18T10:00:00",  # Malaysia time
        "category": 1,
        "state": "Selangor",
        "district": "Petaling",
        **changes,
    }


def cases(session) -> int:
    return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_record_then_duplicate(client, session, crew, citizen) -> None:
    person = person_of(session, citizen)
    headers = bearer(session, crew["health_petaling"])
    made = client.post("/api/v1/cases", json=body_for(person), headers=headers)
    assert made.status_code == 201, made.text
    out = made.json()
    assert out["status"] == "CONFIRMED" and out["duplicate"] is False
    assert out["sample_at"].startswith("2026-11-18T02:00:00")
    again = client.post("/api/v1/cases", json=body_for(person), headers=headers)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == out["id"] and cases(session) == 1
    got = client.get(f"/api/v1/cases/{out['id']}", headers=headers)
    assert got.status_code == 200 and got.json()["case_no"] == out["case_no"]
    listed = client.get("/api/v1/cases?status=CONFIRMED&sampled_from=2026-11-18", headers=headers)
    assert [c["id"] for c in listed.json()] == [out["id"]]
    klang = client.get("/api/v1/cases", headers=bearer(session, crew["health_klang"]))
    assert klang.status_code == 200 and klang.json() == []


def test_refusals_are_problems_in_both_languages(client, session, crew, citizen) -> None:
    person = person_of(session, citizen)
    headers = bearer(session, crew["health_petaling"])
    bad = client.post("/api/v1/cases", json=body_for(person, category=9), headers=headers)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    problem = bad.json()
    assert problem["code"] == "case_invalid_category" and problem["field"] == "category"
    assert "1 to 5" in problem["detail_en"] and "1 hingga 5" in problem["detail_ms"]
    time = client.post(
        "/api/v1/cases", json=body_for(person, sample_at="yesterday"), headers=headers
    )
    assert time.status_code == 422 and time.json()["code"] == "invalid_input"
    klang = client.post(
        "/api/v1/cases", json=body_for(person), headers=bearer(session, crew["health_klang"])
    )
    assert klang.status_code == 403 and klang.json()["code"] == "forbidden"
    auditor = client.post(
        "/api/v1/cases", json=body_for(person), headers=bearer(session, crew["auditor"])
    )
    assert auditor.status_code == 403
    nobody = client.post("/api/v1/cases", json=body_for(person))
    assert nobody.status_code == 401 and nobody.json()["code"] == "not_authenticated"
    assert cases(session) == 0


def test_confirm_and_retract_through_the_api(client, session, crew, citizen) -> None:
    person = person_of(session, citizen)
    maker = bearer(session, crew["health_petaling"])
    checker = bearer(session, crew["health_petaling2"])
    made = client.post(
        "/api/v1/cases", json=body_for(person, source="SELF_TEST"), headers=maker
    ).json()
    assert made["status"] == "PROVISIONAL"
    confirmed = client.post(f"/api/v1/cases/{made['id']}/confirm", headers=checker)
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "CONFIRMED"
    asked = client.post(
        f"/api/v1/cases/{made['id']}/retractions",
        json={"reason": "Self-test misread by the clinic"},
        headers=maker,
    )
    assert asked.status_code == 201, asked.text
    rid = asked.json()["id"]
    own = client.post(f"/api/v1/cases/retractions/{rid}/approve", headers=maker)
    assert own.status_code == 403 and own.json()["code"] == "self_approval"
    done = client.post(f"/api/v1/cases/retractions/{rid}/approve", headers=checker)
    assert done.status_code == 200 and done.json()["status"] == "EXECUTED"
    assert client.get(f"/api/v1/cases/{made['id']}", headers=maker).json()["status"] == (
        "RETRACTED"
    )
