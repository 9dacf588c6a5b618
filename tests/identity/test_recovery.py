"""Account recovery after a lost phone and phone change while logged in (#15 part 5): the
wait, the old number's notice and cancel code, sessions revoked, everything audited, and the
limits against takeover attempts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.alerts import Alert
from sihat.core.trail import AuditEvent
from sihat.identity import recovery
from sihat.identity.models import Account, AccountRecovery
from sihat.notifications import service as notifications
from sihat.notifications.service import messages_to
from sihat.security.models import SecurityEvent
from tests import factories

NEW_PASSWORD = "a-brand-new-password"


def count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def login(client, phone: str, password: str = factories.PASSWORD):
    return client.post("/api/v1/auth/login", json={"phone": phone, "password": password})


def bearer(client, phone: str) -> dict[str, str]:
    r = login(client, phone)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def code_to(client, session, phone: str, url: str = "/api/v1/accounts/recovery/code", **kw):
    r = client.post(url, json={"phone": phone}, **kw)
    assert r.status_code == 201, r.text
    body = messages_to(session, phone, "otp")[-1].body
    return r.json()["challenge_id"], body.split("kod anda ")[1].split(" ")[0]


def claim(client, session, p, new_phone: str, **change):
    challenge_id, code = code_to(client, session, new_phone)
    body = {
        "challenge_id": challenge_id,
        "code": code,
        "phone": new_phone,
        "id_type": "MYKAD",
        "id_number": p.id_number,
        "date_of_birth": p.date_of_birth.isoformat(),
        "password": NEW_PASSWORD,
        **change,
    }
    return client.post("/api/v1/accounts/recovery", json=body)


def cancel_code(session, old_phone: str) -> str:
    body = messages_to(session, old_phone, "recovery_notice")[-1].body
    return body.split("dengan kod ")[1].split(".")[0]


def test_recovery_waits_then_moves_the_account_and_ends_old_sessions(
    client, session, settings
) -> None:
    owner, new = factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    old_session = bearer(client, owner.phone)
    r = claim(client, session, owner, new.phone)
    assert r.status_code == 202, r.text
    due = clock.as_utc(session.scalar(select(AccountRecovery.due_at)))
    assert timedelta(hours=23) < due - clock.now() <= timedelta(hours=settings.recovery_wait_hours)
    assert messages_to(session, owner.phone, "recovery_notice")  # the old number is told
    alert = session.scalar(select(Alert).where(Alert.kind == "account_recovery_requested"))
    assert alert is not None and alert.subject_id == session.scalar(select(Account.id))
    assert messages_to(session, new.phone, "recovery_started")
    pending = client.get("/api/v1/accounts/me/recovery", headers=old_session)
    assert pending.json()["new_phone_last4"] == new.phone[-4:]
    # Nothing moves during the wait.
    assert recovery.complete_due(session) == 0
    assert login(client, owner.phone).status_code == 200
    with clock.frozen(due + timedelta(minutes=1)):
        assert recovery.complete_due(session) == 1
        session.commit()
        assert client.get("/api/v1/accounts/me", headers=old_session).status_code == 401
        assert login(client, owner.phone).json()["code"] == "login_failed"
        assert login(client, new.phone, NEW_PASSWORD).status_code == 200
    account = session.scalar(select(Account))
    assert account.phone == new.phone
    # The inbox follows the person to the new number (the sign-up's welcome notice).
    assert "welcome" in [m.template for m in notifications.inbox(session, new.phone)]
    assert messages_to(session, new.phone, "recovery_completed")
    assert messages_to(session, owner.phone, "phone_moved")
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"identity:recovery:requested", "identity:recovery:completed"} <= actions
    assert recovery.complete_due(session) == 0  # idempotent


def test_the_old_number_cancels_with_its_code(client, session) -> None:
    owner, new = factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    assert claim(client, session, owner, new.phone).status_code == 202
    wrong = client.post("/api/v1/accounts/recovery/cancel", json={"code": "ABCDEFGHJK"})
    assert wrong.status_code == 400 and wrong.json()["code"] == "recovery_cancel_code_wrong"
    code = cancel_code(session, owner.phone)
    ok = client.post("/api/v1/accounts/recovery/cancel", json={"code": code.lower()})
    assert ok.status_code == 204, ok.text
    again = client.post("/api/v1/accounts/recovery/cancel", json={"code": code})
    assert again.json()["code"] == "recovery_cancel_code_wrong"
    assert session.scalar(select(AccountRecovery.status)) == "CANCELLED"
    assert messages_to(session, new.phone, "recovery_cancelled")
    with clock.frozen(clock.now() + timedelta(days=2)):
        assert recovery.complete_due(session) == 0
    assert login(client, owner.phone).status_code == 200
    assert "identity:recovery:cancelled" in set(session.scalars(select(AuditEvent.action)))


def test_the_owner_cancels_from_a_live_session(client, session) -> None:
    owner, new = factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    headers = bearer(client, owner.phone)
    assert claim(client, session, owner, new.phone).status_code == 202
    assert client.delete("/api/v1/accounts/me/recovery", headers=headers).status_code == 204
    assert client.get("/api/v1/accounts/me/recovery", headers=headers).status_code == 404
    assert session.scalar(select(AccountRecovery.end_reason)) == "owner_session"


def test_every_refusal_has_its_code_and_writes_nothing(client, session, settings) -> None:
    settings.recovery_per_identity_per_day = settings.recovery_per_ip_per_hour = 50
    owner, stranger, new = factories.adult(), factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    other = factories.adult()
    factories.sign_up(session, other)
    session.commit()
    wrong_dob = claim(client, session, owner, new.phone, date_of_birth="1950-01-01")
    unknown = claim(client, session, stranger, new.phone)
    assert wrong_dob.json()["code"] == unknown.json()["code"] == "recovery_not_matched"
    assert wrong_dob.status_code == unknown.status_code == 422
    in_use = claim(client, session, owner, other.phone)
    assert in_use.json()["code"] == "phone_in_use"
    weak = claim(client, session, owner, new.phone, password="short")
    assert weak.json()["code"] == "weak_password"
    # A sign-up code is not a recovery code.
    signup = client.post("/api/v1/accounts/otp", json={"phone": new.phone})
    code = messages_to(session, new.phone, "otp")[-1].body.split("kod anda ")[1].split(" ")[0]
    body = {
        "challenge_id": signup.json()["challenge_id"],
        "code": code,
        "phone": new.phone,
        "id_type": "MYKAD",
        "id_number": owner.id_number,
        "date_of_birth": owner.date_of_birth.isoformat(),
        "password": NEW_PASSWORD,
    }
    assert client.post("/api/v1/accounts/recovery", json=body).json()["code"] == "otp_wrong"
    assert count(session, AccountRecovery) == 0
    assert not messages_to(session, owner.phone, "recovery_notice")
    kinds = dict(
        session.execute(
            select(SecurityEvent.kind, func.sum(SecurityEvent.count)).group_by(SecurityEvent.kind)
        ).all()
    )
    assert kinds.get("TAKEOVER_ATTEMPT") == 2


def test_one_recovery_waits_at_a_time(client, session) -> None:
    owner, first, second = factories.adult(), factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    assert claim(client, session, owner, first.phone).status_code == 202
    r = claim(client, session, owner, second.phone)
    assert r.status_code == 409 and r.json()["code"] == "recovery_pending"
    assert count(session, AccountRecovery) == 1


def test_takeover_attempts_are_limited_per_identity_phone_and_address(
    client, session, settings
) -> None:
    settings.trusted_proxies = ["0.0.0.0/0"]
    owner = factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    # Per identity: whoever tries it from wherever, with fresh phones, gets three a day.
    answers = []
    for n in range(5):
        new = factories.adult()
        ip = {"x-forwarded-for": f"203.0.113.{n}"}
        challenge_id, code = code_to(client, session, new.phone, headers=ip)
        body = {
            "challenge_id": challenge_id,
            "code": code,
            "phone": new.phone,
            "id_type": "MYKAD",
            "id_number": owner.id_number,
            "date_of_birth": "1950-01-01",
            "password": NEW_PASSWORD,
        }
        answers.append(client.post("/api/v1/accounts/recovery", json=body, headers=ip).json())
    codes = [a["code"] for a in answers]
    assert codes == ["recovery_not_matched"] * 3 + ["too_many_attempts"] * 2
    assert answers[-1]["params"]["scope"] == "recovery:identity"
    # Per new phone: three codes a day.
    target = factories.adult().phone
    sent = [
        client.post(
            "/api/v1/accounts/recovery/code",
            json={"phone": target},
            headers={"x-forwarded-for": f"198.51.100.{n}"},
        ).status_code
        for n in range(4)
    ]
    assert sent == [201, 201, 201, 429]
    # Per address: ten an hour.
    many = [
        client.post(
            "/api/v1/accounts/recovery/code",
            json={"phone": factories.adult().phone},
            headers={"x-forwarded-for": "192.0.2.99"},
        ).status_code
        for _ in range(settings.recovery_per_ip_per_hour + 1)
    ]
    assert many[-1] == 429 and many.count(201) == settings.recovery_per_ip_per_hour


def test_phone_change_while_logged_in(client, session) -> None:
    owner, new = factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    here, elsewhere = bearer(client, owner.phone), bearer(client, owner.phone)
    challenge_id, code = code_to(
        client, session, new.phone, url="/api/v1/accounts/me/phone/code", headers=here
    )
    body = {"challenge_id": challenge_id, "code": code, "phone": new.phone, "password": "nope"}
    wrong = client.post("/api/v1/accounts/me/phone", json=body, headers=here)
    assert wrong.status_code == 403 and wrong.json()["code"] == "password_wrong"
    assert session.scalar(select(Account.phone)) == owner.phone
    body["password"] = factories.PASSWORD
    ok = client.post("/api/v1/accounts/me/phone", json=body, headers=here)
    assert ok.status_code == 204, ok.text
    assert session.scalar(select(Account.phone)) == new.phone
    assert client.get("/api/v1/accounts/me", headers=here).status_code == 200
    assert client.get("/api/v1/accounts/me", headers=elsewhere).status_code == 401
    assert messages_to(session, owner.phone, "phone_moved")
    assert messages_to(session, new.phone, "phone_changed")
    assert login(client, new.phone).status_code == 200
    assert "identity:phone:changed" in set(session.scalars(select(AuditEvent.action)))
    # The code was used: it does not change the number again.
    again = client.post("/api/v1/accounts/me/phone", json=body, headers=here)
    assert again.json()["code"] in ("otp_expired", "phone_in_use")


def test_phone_change_cancels_a_waiting_recovery(client, session) -> None:
    owner, thief, new = factories.adult(), factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    here = bearer(client, owner.phone)
    assert claim(client, session, owner, thief.phone).status_code == 202
    challenge_id, code = code_to(
        client, session, new.phone, url="/api/v1/accounts/me/phone/code", headers=here
    )
    body = {
        "challenge_id": challenge_id,
        "code": code,
        "phone": new.phone,
        "password": factories.PASSWORD,
    }
    assert client.post("/api/v1/accounts/me/phone", json=body, headers=here).status_code == 204
    assert session.scalar(select(AccountRecovery.status)) == "CANCELLED"
