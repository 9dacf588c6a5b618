"""Maker-checker: no staff account or role changes without an approved request."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.governance import requests
from sihat.governance.models import StaffApproval, StaffRequest
from sihat.staff import service as staff
from sihat.staff import sessions as staff_sessions
from sihat.staff.models import StaffAccount, StaffRole
from tests import factories


def count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def refused(code: str, fn, *args, **kwargs) -> None:
    with pytest.raises(Problem) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == code


def create_request(session, maker, grants=None, username="new.user"):
    return requests.make_request(
        session,
        maker,
        "CREATE",
        reason="new vaccinator for PPV-A",
        payload={
            "username": username,
            "full_name": "New User",
            "grants": grants
            or [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
        },
    )


def test_request_approve_execute_activate_login(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account)
    assert request.status == "PENDING" and request.approvals_required == 1
    assert session.scalar(select(StaffAccount).where(StaffAccount.username == "new.user")) is None
    executed, code = requests.decide(session, p["approver"].account, request.id)
    assert executed.status == "EXECUTED" and code
    created = session.scalar(select(StaffAccount).where(StaffAccount.username == "new.user"))
    assert created.status == "PENDING_ACTIVATION" and created.request_id == request.id
    refused("staff_login_failed", staff_sessions.login, session, "new.user", "x" * 12, "000000")
    refused("activation_invalid", staff.activate, session, "new.user", "00000000", "x" * 12)
    _staff, secret = staff.activate(session, "new.user", code, factories.STAFF_PASSWORD)
    refused("activation_invalid", staff.activate, session, "new.user", code, "y" * 12)
    import pyotp

    logged_in, _token = staff_sessions.login(
        session, "new.user", factories.STAFF_PASSWORD, pyotp.TOTP(secret).at(clock.now())
    )
    assert staff.has_role(logged_in, "VACCINATOR", "PPV", "PPV-A")


def test_maker_cannot_approve_and_nothing_is_written(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account)
    before = (count(session, StaffApproval), count(session, StaffAccount))
    with session.begin_nested():
        refused("self_approval", requests.decide, session, p["admin"].account, request.id)
    assert (count(session, StaffApproval), count(session, StaffAccount)) == before
    assert session.get(StaffRequest, request.id).status == "PENDING"


def test_only_admins_with_authority_make_or_approve(session) -> None:
    p = factories.staff_personas(session)
    refused("forbidden", create_request, session, p["hotline"].account)
    johor_admin, _ = requests.onboard(
        session,
        p["admin"].account,
        [p["approver"].account, p["carol"].account],
        username="johor.admin",
        full_name="Johor Admin",
        password=factories.STAFF_PASSWORD,
        grants=[{"role": "ADMIN", "scope_type": "STATE", "scope_code": "Johor"}],
    )
    request = create_request(session, p["admin"].account)  # scope PPV-A, not Johor
    refused("approver_lacks_authority", requests.decide, session, johor_admin, request.id)
    refused("approver_lacks_authority", requests.decide, session, p["auditor"].account, request.id)


def test_expired_request_is_refused(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account)
    with clock.frozen(clock.now() + timedelta(hours=73)):
        refused("request_expired", requests.decide, session, p["approver"].account, request.id)


def test_approval_cannot_be_replayed_or_reused(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account)
    requests.decide(session, p["approver"].account, request.id)
    refused("request_not_pending", requests.decide, session, p["approver"].account, request.id)
    refused("request_not_pending", requests.decide, session, p["carol"].account, request.id)
    assert count(session, StaffAccount) == 3 + 5 + 1


def test_high_risk_needs_two_distinct_approvers(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(
        session, p["admin"].account, username="super", grants=[{"role": "SUPER_ADMIN"}]
    )
    assert request.approvals_required == 2
    first, code = requests.decide(session, p["approver"].account, request.id)
    assert first.status == "PENDING" and code is None
    refused("already_decided", requests.decide, session, p["approver"].account, request.id)
    done, code = requests.decide(session, p["carol"].account, request.id)
    assert done.status == "EXECUTED" and code


def test_terminate_change_roles_and_cancel_centre_user(session) -> None:
    p = factories.staff_personas(session)
    vaccinator = p["vaccinator_a"].account
    _, token = staff_sessions.login(
        session, "vaccinator.a", factories.STAFF_PASSWORD, p["vaccinator_a"].totp()
    )
    cancel = requests.make_request(
        session,
        p["admin"].account,
        "CANCEL_PPV_USER",
        reason="moved",
        target_staff_id=vaccinator.id,
        payload={"ppv_code": "PPV-A"},
    )
    assert (cancel.scope_type, cancel.scope_code) == ("PPV", "PPV-A")
    requests.decide(session, p["approver"].account, cancel.id)
    assert not staff.has_role(vaccinator, "VACCINATOR", "PPV", "PPV-A")
    change = requests.make_request(
        session,
        p["admin"].account,
        "CHANGE_ROLES",
        reason="PPV-B",
        target_staff_id=vaccinator.id,
        payload={"grants": [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-B"}]},
    )
    requests.decide(session, p["approver"].account, change.id)
    assert staff.has_role(vaccinator, "VACCINATOR", "PPV", "PPV-B")
    assert staff_sessions.staff_for_token(session, token) is not None
    end = requests.make_request(
        session, p["admin"].account, "TERMINATE", reason="left", target_staff_id=vaccinator.id
    )
    requests.decide(session, p["approver"].account, end.id)
    assert staff_sessions.staff_for_token(session, token) is None
    refused(
        "staff_login_failed",
        staff_sessions.login,
        session,
        "vaccinator.a",
        factories.STAFF_PASSWORD,
        p["vaccinator_a"].totp(),
    )
    back = requests.make_request(
        session, p["admin"].account, "REACTIVATE", reason="returned", target_staff_id=vaccinator.id
    )
    requests.decide(session, p["approver"].account, back.id)
    assert staff.has_role(vaccinator, "VACCINATOR", "PPV", "PPV-B")


def test_role_granted_for_a_time_lapses(session) -> None:
    p = factories.staff_personas(session)
    until = (clock.now() + timedelta(days=1)).isoformat()
    temp, _ = requests.onboard(
        session,
        p["admin"].account,
        [p["approver"].account],
        username="temp.auditor",
        full_name="Temp",
        password=factories.STAFF_PASSWORD,
        grants=[{"role": "AUDITOR", "expires_at": until}],
    )
    assert staff.has_role(temp, "AUDITOR")
    with clock.frozen(clock.now() + timedelta(days=2)):
        assert not staff.has_role(temp, "AUDITOR")


def test_admin_role_limited_to_networks(session) -> None:
    from sihat.core import context

    p = factories.staff_personas(session)
    boxed, _ = requests.onboard(
        session,
        p["admin"].account,
        [p["approver"].account, p["carol"].account],
        username="boxed",
        full_name="Boxed Admin",
        password=factories.STAFF_PASSWORD,
        grants=[{"role": "ADMIN", "allowed_networks": ["10.1.0.0/16"]}],
    )
    for ip, allowed in (("10.1.2.3", True), ("8.8.8.8", False)):
        token = context.set_current(context.RequestContext(ip=ip))
        try:
            assert staff.has_role(boxed, "ADMIN") is allowed
        finally:
            context.reset(token)


def test_concurrent_approvals_execute_once(fresh_database) -> None:
    with fresh_database.unit_of_work() as s:
        p = factories.staff_personas(s)
        request_id = create_request(s, p["admin"].account).id
        approver_ids = [p["approver"].account.id, p["carol"].account.id]
    barrier, results = threading.Barrier(2), []

    def approve(approver_id: str) -> None:
        barrier.wait()
        try:
            with fresh_database.unit_of_work() as s:
                requests.decide(s, s.get(StaffAccount, approver_id), request_id)
            results.append("ok")
        except Problem as problem:
            results.append(problem.code)

    threads = [threading.Thread(target=approve, args=(a,)) for a in approver_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "request_not_pending"]
    with fresh_database.unit_of_work() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(StaffAccount)
                .where(StaffAccount.username == "new.user")
            )
            == 1
        )
        assert (
            s.scalar(
                select(func.count())
                .select_from(StaffRole)
                .where(StaffRole.request_id == request_id)
            )
            == 1
        )


@pytest.mark.parametrize(
    ("kind", "payload", "code"),
    [
        (
            "CREATE",
            {"full_name": "No Username", "grants": [{"role": "AUDITOR"}]},
            "invalid_request",
        ),
        ("CREATE", {"username": "x.y", "full_name": "X", "grants": []}, "invalid_request"),
        (
            "CREATE",
            {
                "username": "x.y",
                "full_name": "X",
                "grants": [{"role": "VACCINATOR", "scope_type": "PPV"}],
            },
            "invalid_role",
        ),
        (
            "CREATE",
            {"username": "x.y", "full_name": "X", "grants": [{"role": "WIZARD"}]},
            "invalid_role",
        ),
        (
            "CREATE",
            {
                "username": "x.y",
                "full_name": "X",
                "grants": [{"role": "ADMIN", "allowed_networks": ["not-a-net"]}],
            },
            "invalid_role",
        ),
    ],
)
def test_bad_requests_are_refused_with_nothing_written(session, kind, payload, code) -> None:
    p = factories.staff_personas(session)
    before = count(session, StaffRequest)
    refused(
        code,
        requests.make_request,
        session,
        p["admin"].account,
        kind,
        reason="test",
        payload=payload,
    )
    assert count(session, StaffRequest) == before


def test_centre_user_cancellation_needs_the_centre(session) -> None:
    p = factories.staff_personas(session)
    refused(
        "invalid_request",
        requests.make_request,
        session,
        p["admin"].account,
        "CANCEL_PPV_USER",
        reason="moved",
        target_staff_id=p["desk_a"].account.id,
    )


def test_taken_username_refuses_the_execution_and_writes_nothing(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account, username="hotline")
    session.commit()
    accounts = count(session, StaffAccount)
    refused("username_taken", requests.decide, session, p["approver"].account, request.id)
    session.rollback()  # as the request's transaction does on a refusal
    assert count(session, StaffAccount) == accounts
    assert session.get(StaffRequest, request.id).status == "PENDING"


def test_activation_needs_a_strong_password(session) -> None:
    p = factories.staff_personas(session)
    request = create_request(session, p["admin"].account)
    _done, code = requests.decide(session, p["approver"].account, request.id)
    refused("weak_staff_password", staff.activate, session, "new.user", code, "short")
    created = session.scalar(select(StaffAccount).where(StaffAccount.username == "new.user"))
    assert created.status == "PENDING_ACTIVATION" and created.password_hash == "!"
