"""Sign-up with a one-time code, login, revocable sessions; every refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.identity.models import Account, AccountSession, OtpChallenge, Person
from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import messages_to
from tests import factories


def count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def otp_for(client, session, phone: str) -> tuple[str, str]:
    response = client.post("/api/v1/accounts/otp", json={"phone": phone})
    assert response.status_code == 201, response.text
    message = messages_to(session, phone, "otp")[-1]
    code = message.body.split("kod anda ")[1].split(" ")[0]
    return response.json()["challenge_id"], code


def signup_body(p, challenge_id: str, code: str) -> dict[str, Any]:
    return {
        "challenge_id": challenge_id,
        "code": code,
        "phone": p.phone,
        "password": factories.PASSWORD,
        "identity": factories.identity_json(p),
    }


def test_sign_up_login_and_me(client, session) -> None:
    p = factories.adult()
    challenge_id, code = otp_for(client, session, p.phone)
    created = client.post("/api/v1/accounts", json=signup_body(p, challenge_id, code))
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["mysj_id"].startswith("MSJ")
    assert body["id_number_masked"].endswith(p.id_number[-4:])
    assert p.id_number not in created.text
    login = client.post(
        "/api/v1/auth/login", json={"phone": p.phone, "password": factories.PASSWORD}
    )
    assert login.status_code == 200
    token = login.json()["token"]
    me = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["mysj_id"] == body["mysj_id"]


def test_identity_and_phone_are_encrypted_at_rest(client, session, db) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.flush()
    raw_people = db.connection.exec_driver_sql("SELECT id_number, id_hash FROM people").all()
    raw_accounts = db.connection.exec_driver_sql("SELECT phone, phone_hash FROM accounts").all()
    dump = repr(raw_people) + repr(raw_accounts)
    assert p.id_number not in dump and p.phone not in dump and p.phone[3:] not in dump
    assert session.scalar(select(Person.id_number)) == p.id_number


def test_wrong_otp_writes_nothing_and_is_limited(client, session) -> None:
    p = factories.adult()
    challenge_id, code = otp_for(client, session, p.phone)
    wrong = "000000" if code != "000000" else "111111"
    before = (count(session, Account), count(session, Person))
    for _ in range(5):
        r = client.post("/api/v1/accounts", json=signup_body(p, challenge_id, wrong))
        assert r.status_code == 400
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["code"] == "otp_wrong"
        assert r.json()["detail_ms"] and r.json()["detail_en"]
    r = client.post("/api/v1/accounts", json=signup_body(p, challenge_id, code))
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"
    assert (count(session, Account), count(session, Person)) == before


def test_expired_and_reused_otp(client, session) -> None:
    p = factories.adult()
    challenge_id, code = otp_for(client, session, p.phone)
    with clock.frozen(clock.now() + timedelta(minutes=6)):
        r = client.post("/api/v1/accounts", json=signup_body(p, challenge_id, code))
    assert r.json()["code"] == "otp_expired"
    assert count(session, Account) == 0
    assert (
        client.post("/api/v1/accounts", json=signup_body(p, challenge_id, code)).status_code == 201
    )
    q = factories.adult()
    again = signup_body(q, challenge_id, code)
    again["phone"] = p.phone
    assert client.post("/api/v1/accounts", json=again).json()["code"] == "otp_expired"


def test_otp_requests_are_rate_limited_per_phone(client, session) -> None:
    p = factories.adult()
    for _ in range(5):
        assert client.post("/api/v1/accounts/otp", json={"phone": p.phone}).status_code == 201
    r = client.post("/api/v1/accounts/otp", json={"phone": p.phone})
    assert r.status_code == 429 and r.json()["code"] == "too_many_attempts"
    assert count(session, OtpChallenge) == 5
    assert client.post("/api/v1/accounts/otp", json={"phone": "1234567"}).json()["code"] == (
        "invalid_phone"
    )


def test_login_failures_are_uniform(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    unknown = client.post("/api/v1/auth/login", json={"phone": "+60129999999", "password": "x"})
    wrong = client.post("/api/v1/auth/login", json={"phone": p.phone, "password": "nope"})
    assert unknown.json()["code"] == wrong.json()["code"] == "login_failed"
    assert unknown.status_code == wrong.status_code == 401


def test_sessions_can_be_listed_and_revoked(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    creds = {"phone": p.phone, "password": factories.PASSWORD}
    first = client.post("/api/v1/auth/login", json=creds).json()["token"]
    second = client.post("/api/v1/auth/login", json=creds).json()["token"]
    h1, h2 = ({"Authorization": f"Bearer {t}"} for t in (first, second))
    listed = client.get("/api/v1/accounts/me/sessions", headers=h1).json()
    assert len(listed) == 2 and sum(s["current"] for s in listed) == 1
    other = next(s["id"] for s in listed if not s["current"])
    assert client.delete(f"/api/v1/accounts/me/sessions/{other}", headers=h1).status_code == 204
    r = client.get("/api/v1/accounts/me", headers=h2)
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"
    assert client.post("/api/v1/auth/logout", headers=h1).status_code == 204
    assert client.get("/api/v1/accounts/me", headers=h1).status_code == 401
    revoked = session.scalars(select(AccountSession.revoked_at)).all()
    assert all(r is not None for r in revoked)


def test_revoke_all_sessions(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    creds = {"phone": p.phone, "password": factories.PASSWORD}
    tokens = [client.post("/api/v1/auth/login", json=creds).json()["token"] for _ in range(3)]
    h = {"Authorization": f"Bearer {tokens[0]}"}
    assert client.delete("/api/v1/accounts/me/sessions", headers=h).status_code == 204
    for t in tokens:
        assert (
            client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {t}"}).status_code
            == 401
        )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"id_number": "901301-14-5677"}, "invalid_nric"),
        ({"date_of_birth": "1950-01-01"}, "nric_dob_mismatch"),
        ({"id_type": "DRIVING"}, "invalid_input"),
        ({"full_name": "!"}, "invalid_name"),
    ],
)
def test_bad_identity_is_refused_with_nothing_written(client, session, change, code) -> None:
    p = factories.adult()
    challenge_id, otp = otp_for(client, session, p.phone)
    body = signup_body(p, challenge_id, otp)
    body["identity"].update(change)
    r = client.post("/api/v1/accounts", json=body)
    assert r.json()["code"] == code, r.text
    assert count(session, Account) == 0 and count(session, Person) == 0
    assert session.get(OtpChallenge, challenge_id).consumed_at is None


def test_sex_mismatch_refused(client, session) -> None:
    p = factories.adult()
    challenge_id, otp = otp_for(client, session, p.phone)
    body = signup_body(p, challenge_id, otp)
    body["identity"]["sex"] = "F" if p.sex == "M" else "M"
    assert client.post("/api/v1/accounts", json=body).json()["code"] == "nric_sex_mismatch"
    assert count(session, Account) == 0


def test_sign_up_is_verified_against_register(client, session) -> None:
    from sihat.identity import register_import

    p, q = factories.adult(), factories.adult()
    register_import.import_rows(
        session,
        [
            {
                "id_type": "MYKAD",
                "id_number": p.id_number,
                "full_name": p.full_name.upper(),
                "date_of_birth": p.date_of_birth.isoformat(),
                "sex": p.sex,
            },
            {
                "id_type": "MYKAD",
                "id_number": q.id_number,
                "full_name": "SOMEONE ELSE",
                "date_of_birth": q.date_of_birth.isoformat(),
                "sex": q.sex,
            },
        ],
    )
    session.commit()
    verified = factories.sign_up(session, p)
    assert verified.person.verified_at is not None
    assert verified.person.verification_method == "register"
    assert factories.sign_up(session, q).person.verified_at is None


def test_outbox_records_sms_without_sending(client, session) -> None:
    from sihat.notifications.service import deliver_pending

    p = factories.adult()
    otp_for(client, session, p.phone)
    assert deliver_pending(session) == 1
    message = session.scalar(select(OutboxMessage))
    assert message.status == "SENT" and message.provider == "outbox"


def test_phone_of_an_active_account_and_weak_password_are_refused(client, session) -> None:
    holder = factories.adult()
    factories.sign_up(session, holder)
    session.commit()
    before = (count(session, Account), count(session, Person))
    newcomer = factories.adult()
    challenge_id, code = otp_for(client, session, holder.phone)
    body = signup_body(newcomer, challenge_id, code)
    body["phone"] = holder.phone
    r = client.post("/api/v1/accounts", json=body)
    assert r.status_code == 409 and r.json()["code"] == "phone_in_use"
    weak = signup_body(newcomer, *otp_for(client, session, newcomer.phone))
    weak["password"] = "short"
    r = client.post("/api/v1/accounts", json=weak)
    assert r.status_code == 422 and r.json()["code"] == "weak_password"
    assert r.json()["field"] == "password"
    assert (count(session, Account), count(session, Person)) == before
