"""The one staff-page gate (``staff_page``) and the one page refusal handler (``page``): no
login ends in a 303 to the staff login page (and back afterwards), a missing role or a
refused form is answered by the page's own template in both languages, with nothing
written. API routes still answer problem+json."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Form, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import trail
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.core.web import DB, page, refusal_context
from sihat.governance.models import StaffRequest
from tests import factories


def _login(client: Any, persona: Any, next_path: str = "") -> Any:
    form = {
        "username": persona.account.username,
        "password": factories.STAFF_PASSWORD,
        "totp": persona.totp(),
        "next": next_path,
    }
    return client.post("/staff/login", data=form, follow_redirects=False)


def _count(session: Session, table: Any) -> int:
    return session.scalar(select(func.count()).select_from(table)) or 0


def test_staff_page_without_login_is_sent_to_the_login_page(client) -> None:
    got = client.get("/ppv", follow_redirects=False)
    assert (got.status_code, got.headers["location"]) == (303, "/staff/login?next=%2Fppv")
    got = client.get("/staff/governance/access-review?lang=en", follow_redirects=False)
    assert got.headers["location"] == (
        "/staff/login?next=%2Fstaff%2Fgovernance%2Faccess-review%3Flang%3Den"
    )
    # A form posted without a session is not replayed after the login: no ?next= then.
    got = client.post(
        "/staff/vendors/invoices/x/verify", data={"payment_ref": ""}, follow_redirects=False
    )
    assert (got.status_code, got.headers["location"]) == (303, "/staff/login")


def test_login_returns_to_next_only_on_this_site(client, session) -> None:
    personas = factories.staff_personas(session)
    form = client.get("/staff/login", params={"next": "/ppv"}).text
    assert '<input type="hidden" name="next" value="/ppv">' in form
    for hostile in ("//evil.example/x", "https://evil.example", "/\\evil.example", "ppv"):
        assert 'name="next"' not in client.get("/staff/login", params={"next": hostile}).text
    got = _login(client, personas["vaccinator_a"], "/ppv")
    assert (got.status_code, got.headers["location"]) == (303, "/ppv")
    assert client.get("/ppv", follow_redirects=False).status_code == 200
    got = _login(client, personas["hotline"], "//evil.example/x")
    assert (got.status_code, got.headers["location"]) == (303, "/staff")


def test_refused_login_keeps_next(client, session) -> None:
    personas = factories.staff_personas(session)
    hotline = personas["hotline"]
    form = {"username": "hotline", "password": "wrong password!!", "totp": hotline.totp()}
    got = client.post("/staff/login", data={**form, "next": "/ppv"})
    assert got.status_code == 401
    assert 'data-code="staff_login_failed"' in got.text
    assert '<input type="hidden" name="next" value="/ppv">' in got.text


def test_wrong_role_gets_the_page_refusal_in_both_languages(client, session) -> None:
    personas = factories.staff_personas(session)
    assert _login(client, personas["hotline"]).status_code == 303
    events = _count(session, AuditEvent)
    for path in ("/staff/governance/access-review", "/staff/governance/audit-log"):
        got = client.get(path, params={"lang": "en"}, follow_redirects=False)
        assert got.status_code == 403
        assert got.headers["content-type"].startswith("text/html")
        assert 'data-code="forbidden"' in got.text
        assert "You may not do this." in got.text
        assert "Anda tidak dibenarkan berbuat demikian." in got.text
    # The request list page: the same refusal, its form with no data.
    got = client.get("/staff/governance/requests", follow_redirects=False)
    assert got.status_code == 403 and 'data-code="forbidden"' in got.text
    assert _count(session, AuditEvent) == events


def test_refused_form_post_shows_the_form_with_the_data_as_it_stands(client, session) -> None:
    personas = factories.staff_personas(session)
    assert _login(client, personas["hotline"]).status_code == 303
    before = (_count(session, StaffRequest), _count(session, AuditEvent))
    form = {
        "username": "desk.q",
        "full_name": "Desk Q",
        "role": "REGISTRATION_DESK",
        "scope_type": "NATIONAL",
        "reason": "not mine to ask",
    }
    got = client.post("/staff/governance/requests?lang=en", data=form, follow_redirects=False)
    assert got.status_code == 403
    assert 'data-code="forbidden"' in got.text and "You may not do this." in got.text
    assert 'action="/staff/governance/requests"' in got.text  # the form, shown again
    assert (_count(session, StaffRequest), _count(session, AuditEvent)) == before


def test_a_problem_after_a_write_rolls_the_write_back(app, client, session) -> None:
    """The handler renders after the rollback; the page's data is read on the same session."""

    @page("staff/login.html")
    def refuse_after_writing(
        request: Request, note: str = Form(...), db: Session = DB
    ) -> dict[str, str]:
        refusal_context(request, lambda: {"next": f"/events/{_count(db, AuditEvent)}"})
        trail.record(db, "test.written", actor_type="system", note=note)
        db.flush()
        assert _count(db, AuditEvent) == events + 1
        raise Problem("forbidden")

    app.post("/test-only/refused")(refuse_after_writing)
    events = _count(session, AuditEvent)
    got = client.post("/test-only/refused?lang=en", data={"note": "half"})
    assert got.status_code == 403
    assert got.headers["content-type"].startswith("text/html")
    assert 'data-code="forbidden"' in got.text and "Anda tidak dibenarkan" in got.text
    assert f'name="next" value="/events/{events}"' in got.text  # read after the rollback
    assert _count(session, AuditEvent) == events
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "test.written")) is None


def test_a_refusal_before_the_database_is_opened(app, client) -> None:
    """E.g. a rate limit in the route's dependencies: the page answers without a session."""

    def limit() -> None:
        raise Problem("too_many_attempts")

    @page("staff/login.html")
    def limited(request: Request) -> dict[str, str]:
        raise AssertionError("not reached")

    app.post("/test-only/limited", dependencies=[Depends(limit)])(limited)
    got = client.post("/test-only/limited")
    assert got.status_code == 429
    assert got.headers["content-type"].startswith("text/html")
    assert 'data-code="too_many_attempts"' in got.text


def test_api_refusals_stay_problem_json(client) -> None:
    got = client.get("/api/v1/staff/me", headers={"accept": "text/html"})
    assert got.status_code == 401
    assert got.headers["content-type"] == "application/problem+json"
    assert got.json()["code"] == "not_authenticated"
