"""The certificate API over HTTP: a dose recorded through the API is verified through the API
(code and QR image), an amendment revokes it, and only its holder, their guardian or staff at
its centre may fetch it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

from sqlalchemy import select

from sihat.certificates.trustlist import ci_hash
from sihat.core.trail import AuditEvent
from sihat.identity import service as identity
from tests import factories
from tests.certificates.wiring.conftest import certificate_of, counts, give_dose, holder
from tests.vaccination.conftest import PFIZER, an_hour_ago, staff_headers


def _path(ci: str) -> str:
    return "/api/v1/certificates/" + quote(ci, safe="")


def test_dose_to_verified_certificate_and_back_through_an_amendment(session, world, client) -> None:
    h = holder(session)
    vaccinator = staff_headers(client, world.staff["vaccinator_a"])
    recorded = client.post(
        "/api/v1/vaccination/doses",
        headers=vaccinator,
        json={
            "person_id": h.account.person_id,
            "dose_number": 1,
            "product": PFIZER,
            "batch_id": world.pfizer_a.id,
            "ppv_code": "PPV-A",
            "administered_at": an_hour_ago().isoformat(),
        },
    )
    assert recorded.status_code == 201, recorded.text
    [mine] = client.get("/api/v1/certificates/mine", headers=h.headers).json()
    assert mine["relationship"] == "SELF" and mine["dose_number"] == 1
    assert mine["qr_url"] == _path(mine["ci"]) + "/qr.png"

    checked = client.post("/api/v1/certificates/verify", json={"code": mine["code"]}).json()
    assert checked["valid"] and checked["reasons"] == []
    assert all(c["ok"] for c in checked["checks"].values())
    assert checked["payload"]["hcert"]["v"][0]["ci"] == mine["ci"]
    png = client.get(mine["qr_url"], headers=h.headers)
    assert png.headers["content-type"] == "image/png"
    by_image = client.post(
        "/api/v1/certificates/verify", files={"image": ("qr.png", png.content, "image/png")}
    ).json()
    assert by_image["valid"] and by_image["payload"] == checked["payload"]
    pdf = client.get(mine["pdf_url"], headers=h.headers)
    assert pdf.content.startswith(b"%PDF") and b"Sijil Digital Vaksinasi" in pdf.content
    trust = client.get("/api/v1/certificates/trust-list").json()
    assert [c["kid"] for c in trust["certificates"]] and trust["country"] == "MY"

    supervisor = staff_headers(client, world.staff["supervisor_a"])
    dose_id = recorded.json()["id"]
    # the date printed on the certificate changes, so it is issued again and this one revoked
    day_before = (an_hour_ago() - timedelta(days=1)).isoformat()
    asked = client.post(
        f"/api/v1/vaccination/doses/{dose_id}/amendments",
        headers=vaccinator,
        json={
            "kind": "CORRECT",
            "changes": {"administered_at": day_before},
            "reason": "wrong day, fix",
        },
    ).json()
    approve = f"/api/v1/vaccination/amendments/{asked['id']}/approve"
    approved = client.post(approve, headers=supervisor)
    assert approved.status_code == 200, approved.text
    again = client.post("/api/v1/certificates/verify", json={"code": mine["code"]}).json()
    assert not again["valid"] and again["reasons"] == ["revoked"]
    assert again["checks"]["revocation"]["ms"] == "Sijil telah dibatalkan."
    revoked = client.get("/api/v1/certificates/revocations").json()["revoked"]
    assert revoked == [ci_hash(mine["ci"])]
    [replacement] = client.get("/api/v1/certificates/mine", headers=h.headers).json()
    assert replacement["ci"] != mine["ci"]
    gone = client.get(mine["qr_url"], headers=h.headers)
    assert gone.status_code == 410 and gone.json()["code"] == "certificate_revoked"


def test_only_the_holder_their_guardian_and_staff_at_the_centre(session, world, client) -> None:
    h, stranger = holder(session), holder(session)
    child = factories.child()
    dependent = identity.add_dependent(session, h.account, factories.identity_of(child), "CHILD")
    mine = certificate_of(session, give_dose(session, world, h.account.person_id))
    theirs = certificate_of(session, give_dose(session, world, dependent.person_id))
    listed = client.get("/api/v1/certificates/mine", headers=h.headers).json()
    assert {c["ci"]: c["relationship"] for c in listed} == {mine.ci: "SELF", theirs.ci: "CHILD"}
    assert client.get("/api/v1/certificates/mine", headers=stranger.headers).json() == []

    for certificate in (mine, theirs):
        url = _path(certificate.ci) + "/pdf"
        assert client.get(url, headers=h.headers).status_code == 200
        denied = client.get(url, headers=stranger.headers)
        assert denied.status_code == 404 and denied.json()["code"] == "not_found"
    missing = client.get(_path("URN:UVCI:01:MY:MOH/NOPE#0") + "/qr.png", headers=h.headers)
    assert missing.status_code == 404 and missing.json() == {**missing.json(), "code": "not_found"}
    assert client.get(_path(mine.ci) + "/qr.png").json()["code"] == "not_authenticated"

    before = counts(session)
    desk = client.get(_path(mine.ci) + "/pdf", headers=staff_headers(client, world.staff["desk_a"]))
    assert desk.status_code == 200
    printed = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "certificates:certificate:printed")
    )
    assert printed.target_id == mine.id and printed.details["ppv_code"] == "PPV-A"
    elsewhere = staff_headers(client, world.staff["vaccinator_b"])
    assert client.get(_path(mine.ci) + "/pdf", headers=elsewhere).status_code == 404
    assert counts(session) == before


def test_verify_refusals_are_coded_and_write_nothing(session, world, client) -> None:
    before = counts(session)
    events = session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    url = "/api/v1/certificates/verify"
    neither = client.post(url, json={"code": ""})
    assert neither.status_code == 422 and neither.json()["code"] == "verify_input_missing"
    assert "kod sijil" in neither.json()["detail_ms"]
    both = client.post(url, data={"code": "HC1:X"}, files={"image": ("a.png", b"x", "image/png")})
    assert both.json()["code"] == "verify_input_missing"
    not_qr = client.post(url, files={"image": ("a.png", b"not an image", "image/png")})
    assert not_qr.status_code == 422 and not_qr.json()["code"] == "bad_qr"
    huge = client.post(url, files={"image": ("a.png", b"\0" * (2049 * 1024), "image/png")})
    assert huge.status_code == 413 and huge.json()["code"] == "image_too_large"
    garbage = client.post(url, json={"code": "HC1:%%%"}).json()
    assert not garbage["valid"] and garbage["reasons"] == ["bad_base45"]
    assert counts(session) == before
    assert session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1)) == events


def test_no_keys_in_production_refuses_a_dose(session, world, client, monkeypatch) -> None:
    from sihat.certificates.settings import get_settings

    person_id = holder(session).account.person_id
    headers = staff_headers(client, world.staff["vaccinator_a"])
    monkeypatch.setenv("SIHAT_DEMO", "false")
    get_settings.cache_clear()
    before = counts(session)
    refused = client.post(
        "/api/v1/vaccination/doses",
        headers=headers,
        json={
            "person_id": person_id,
            "dose_number": 1,
            "product": PFIZER,
            "batch_id": world.pfizer_a.id,
            "ppv_code": "PPV-A",
            "administered_at": an_hour_ago().isoformat(),
        },
    )
    assert refused.status_code == 409 and refused.json()["code"] == "no_signing_key"
    assert "keys init" in refused.json()["detail_en"] and refused.json()["detail_ms"]
    assert counts(session) == before
