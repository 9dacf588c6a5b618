"""Staff: bootstrap only on an empty database, TOTP login, scoped roles, creation by admins."""

from __future__ import annotations

import threading
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from sihat.core import clock
from sihat.core.crypto import totp_step
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.staff import service, sessions
from tests import factories


def test_vaccinator_role_is_scoped_to_its_centre(session) -> None:
    staff = factories.staff_personas(session)
    vaccinator = staff["vaccinator_a"].account
    assert service.has_role(vaccinator, "VACCINATOR", "PPV", "PPV-A")
    assert not service.has_role(vaccinator, "VACCINATOR", "PPV", "PPV-B")
    assert not service.has_role(vaccinator, "VACCINATOR")


def test_bootstrap_only_once_and_recorded(session) -> None:
    admin, _ = service.bootstrap_admin(session, "root", "Root", factories.STAFF_PASSWORD)
    assert admin.bootstrap and service.has_role(admin, "ADMIN")
    with pytest.raises(Problem) as caught:
        service.bootstrap_admin(session, "root2", "Root 2", factories.STAFF_PASSWORD)
    assert caught.value.code == "staff_bootstrap_done"
    events = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("staff:account:%"))
    ).all()
    assert events == ["staff:account:bootstrapped"]


def test_staff_login_needs_password_and_totp(client, session) -> None:
    staff = factories.staff_personas(session)
    session.commit()
    hotline = staff["hotline"]
    base = {"username": "hotline", "password": factories.STAFF_PASSWORD}
    code = hotline.totp()
    wrong_code = "000000" if code != "000000" else "111111"
    assert client.post("/api/v1/staff/login", json={**base, "totp": wrong_code}).json()["code"] == (
        "staff_login_failed"
    )
    bad_pw = {"username": "hotline", "password": "wrong password!!", "totp": code}
    assert client.post("/api/v1/staff/login", json=bad_pw).status_code == 401
    ok = client.post("/api/v1/staff/login", json={**base, "totp": code})
    assert ok.status_code == 200
    me = client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {ok.json()['token']}"})
    assert me.json()["roles"] == [
        {
            "role": "HOTLINE_OPERATOR",
            "scope_type": "NATIONAL",
            "scope_code": None,
            "expires_at": None,
        }
    ]
    # A public account token is not a staff token.
    assert (
        client.get("/api/v1/staff/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    )


def test_disabled_staff_token_stops_working(session) -> None:
    staff = factories.staff_personas(session)
    p = staff["auditor"]
    _, token = sessions.login(
        session, "auditor", factories.STAFF_PASSWORD, pyotp.TOTP(p.secret).at(clock.now())
    )
    assert sessions.staff_for_token(session, token) is not None
    p.account.status = "DISABLED"
    assert sessions.staff_for_token(session, token) is None


def test_an_authenticator_code_logs_in_once(session) -> None:
    """#17 item 7: a code is refused when its time step is not after the last accepted one:
    again within its period, and one period later while the window still accepts it."""
    p = factories.staff_personas(session)["auditor"]
    totp = pyotp.TOTP(p.secret)
    start = clock.now().replace(microsecond=0)
    start = start - timedelta(seconds=int(start.timestamp()) % 30)  # the start of a period
    with clock.frozen(start + timedelta(seconds=5)) as advance:
        code = totp.at(clock.now())
        sessions.login(session, "auditor", factories.STAFF_PASSWORD, code)
        with pytest.raises(Problem) as again:
            sessions.login(session, "auditor", factories.STAFF_PASSWORD, code)
        assert again.value.code == "staff_login_failed"
        advance(timedelta(seconds=30))  # next period: the old code is still inside the window
        assert totp_step(p.secret, code, at=clock.now().timestamp()) is not None
        with pytest.raises(Problem) as later:
            sessions.login(session, "auditor", factories.STAFF_PASSWORD, code)
        assert later.value.code == "staff_login_failed"
        # This period's own code logs in, once.
        newer = totp.at(clock.now())
        assert newer != code
        sessions.login(session, "auditor", factories.STAFF_PASSWORD, newer)
        with pytest.raises(Problem):
            sessions.login(session, "auditor", factories.STAFF_PASSWORD, newer)


def test_a_reused_code_is_refused_over_the_api(client, session) -> None:
    p = factories.staff_personas(session)
    session.commit()
    body = {
        "username": "hotline",
        "password": factories.STAFF_PASSWORD,
        "totp": p["hotline"].totp(),
    }
    assert client.post("/api/v1/staff/login", json=body).status_code == 200
    replay = client.post("/api/v1/staff/login", json=body)
    assert replay.status_code == 401 and replay.json()["code"] == "staff_login_failed"


@pytest.mark.parametrize("first_login", [True, False])
def test_one_code_raced_by_four_logins_opens_one_session(fresh_database, first_login) -> None:
    """The last accepted step is claimed by the database: four logins with one code at the
    same moment open one session, on a first login (the row's insert decides) and later (the
    conditional update decides)."""
    with fresh_database.unit_of_work() as s:
        persona = factories.staff_personas(s)["auditor"]
    totp = pyotp.TOTP(persona.secret)
    if not first_login:
        with fresh_database.unit_of_work() as s:
            earlier = totp.at(clock.now() - timedelta(seconds=30))
            sessions.login(s, "auditor", factories.STAFF_PASSWORD, earlier)
    code = totp.at(clock.now())
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def attempt() -> None:
        barrier.wait()
        try:
            with fresh_database.unit_of_work() as s:
                sessions.login(s, "auditor", factories.STAFF_PASSWORD, code)
            outcomes.append("ok")
        except Problem as problem:
            outcomes.append(problem.code)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["staff_login_failed"] * 3
