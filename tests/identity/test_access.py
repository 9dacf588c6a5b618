"""The identity rules other domains ask for: whom an account acts for (``access``) and when a
session token is live (``tokens``), the same through the ORM and the check-in writer's SQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from sihat.checkins import store
from sihat.core import clock
from sihat.core.crypto import token_digest
from sihat.core.errors import Problem
from sihat.identity import access, accounts, service
from tests import factories


def _refused(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(Problem) as refused:
        call()
    return refused.value.code


def test_an_account_acts_for_itself_and_its_current_dependents_only(session: Session) -> None:
    guardian = factories.sign_up(session)
    link = service.add_dependent(
        session, guardian, factories.identity_of(factories.child()), "CHILD"
    )
    other = factories.sign_up(session)
    assert access.acting_for(session, guardian, guardian.person_id) is guardian.person
    assert access.acting_for(session, guardian, link.person_id).id == link.person_id
    assert list(access.people_of(session, guardian)) == [guardian.person_id, link.person_id]
    assert _refused(lambda: access.acting_for(session, other, link.person_id)) == "not_found"
    assert _refused(lambda: access.acting_for(session, guardian, other.person_id)) == "not_found"
    assert _refused(lambda: access.dependent_link(session, guardian, guardian.person_id)) == (
        "not_found"
    )
    service.remove_dependent(session, guardian, link.person_id)
    assert _refused(lambda: access.acting_for(session, guardian, link.person_id)) == "not_found"
    assert list(access.people_of(session, guardian)) == [guardian.person_id]


def _live(session: Session, token: str) -> tuple[bool, bool]:
    """Live by the ORM path and by the check-in writer's SQL path."""
    session.flush()
    by_orm = accounts.account_for_token(session, token) is not None
    digest = token_digest(token)
    by_sql = digest in store.callers(session.connection(), {digest}, clock.now())
    return by_orm, by_sql


def test_a_session_is_live_by_one_rule_on_both_paths(session: Session) -> None:
    p = factories.adult()
    account = factories.sign_up(session, p)
    _, token = accounts.login(session, p.phone, factories.PASSWORD)
    _, revoked = accounts.login(session, p.phone, factories.PASSWORD)
    assert _live(session, token) == (True, True)
    row = accounts.account_for_token(session, revoked)
    assert row is not None
    accounts.revoke_session(session, account, row[1].id)
    assert _live(session, revoked) == (False, False)
    assert _live(session, "not-a-token") == (False, False)
    ttl = timedelta(hours=24)
    with clock.frozen(clock.now() + ttl * 1000):
        assert _live(session, token) == (False, False)
    account.status = "CLOSED"
    assert _live(session, token) == (False, False)
