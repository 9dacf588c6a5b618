"""Schemathesis over every API operation, on SQLite and PostgreSQL (#17 items 5 and 12): no
generated request, however odd (null bytes, huge numbers, crafted ids, deep JSON), may answer
a server error, and every answer must be a status and media type the OpenAPI document declares.

Each operation is tried as a member of the public and as an administrator (an anonymous caller
meets the same validation before the same refusal), with Schemathesis's coverage phase and a
bounded number of random examples (``SIHAT_FUZZ_EXAMPLES``, default 3) so that the whole run stays a
few minutes on two cores; each test's writes are rolled back like any other test's."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    status_code_conformance,
)

from sihat.identity import accounts
from sihat.staff import service as staff_service
from sihat.staff import sessions as staff_sessions
from tests import factories

EXAMPLES = int(os.environ.get("SIHAT_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance]


@pytest.fixture
def callers(session) -> dict[str, dict[str, str]]:
    p = factories.adult()
    factories.sign_up(session, p)
    _account, citizen = accounts.login(session, p.phone, factories.PASSWORD)
    [(admin, secret)] = staff_service.bootstrap_founders(
        session, [("fuzz.admin", "Fuzz Admin", factories.STAFF_PASSWORD)]
    )
    persona = factories.StaffPersona(admin, secret)
    _staff, staff_token = staff_sessions.login(
        session, admin.username, factories.STAFF_PASSWORD, persona.totp()
    )
    session.commit()
    return {
        "citizen": {"Authorization": f"Bearer {citizen}"},
        "admin": {"Authorization": f"Bearer {staff_token}"},
    }


def _document() -> dict:
    """The OpenAPI document, from an app that never touches its (in-memory) database."""
    from sihat.app import create_app
    from sihat.core.db import Database
    from sihat.core.settings import get_settings

    return create_app(get_settings(), database=Database.from_url("sqlite://")).openapi()


schema = schemathesis.openapi.from_dict(_document())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gives_a_server_error_or_an_undocumented_answer(case, app, callers) -> None:
    for headers in callers.values():
        case.call_and_validate(app=app, headers=headers, checks=CHECKS)
