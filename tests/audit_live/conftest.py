"""The live audit's fixtures: a small committed database with people, staff and sign-ups."""

from __future__ import annotations

import pytest

from sihat.core.db import Database
from sihat.core.settings import get_settings
from sihat.identity import service as identity
from sihat.registration import service as registration
from tests import factories


class Populated(Database):
    """The committed database, and the staff personas made in it."""

    personas: dict[str, factories.StaffPersona]


@pytest.fixture
def populated(fresh_database, monkeypatch):
    with fresh_database.unit_of_work() as s:
        staff = factories.staff_personas(s)
        for _ in range(6):
            account = factories.sign_up(s)
            registration.register_self(s, account, registration.Facts())
        walkin = factories.adult()
        registration.register_by_staff(
            s,
            staff["desk_a"].account,
            "WALKIN",
            factories.identity_of(walkin),
            registration.Facts(),
            ppv_code="PPV-A",
        )
        registration.register_by_staff(
            s,
            staff["hotline"].account,
            "HOTLINE",
            factories.identity_of(walkin),
            registration.Facts(),
        )
        guardian = factories.sign_up(s)
        identity.add_dependent(s, guardian, factories.identity_of(factories.child()), "CHILD")
    monkeypatch.setenv(
        "SIHAT_DATABASE_URL", fresh_database.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    database = Populated(fresh_database.engine)
    database.personas = staff
    yield database
    get_settings.cache_clear()
