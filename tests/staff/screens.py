"""Screenshots of each staff role's main screen at 390 px and 1280 px into ``docs/screens/``,
and of the pages that correct a dose, allocate appointments and check an identity claim.

Not part of the suite (the file name is not ``test_*``); run it on demand:
``.venv/bin/pytest -n 1 tests/staff/screens.py -k sqlite``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from sihat.registration import service as registration
from sihat.staff.models import StaffAccount
from sihat.vaccination import centres, doses
from tests import factories
from tests.identity.test_proofing import sign_up_as
from tests.staff.portal import ROLES, build_portal, login
from tests.vaccination.conftest import PFIZER, an_hour_ago, moved, recipient  # noqa: F401

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
MAIN = {**ROLES, "supervisor_a": "/ppv/PPV-A/stock"}

pytestmark = pytest.mark.browser


def _shoot(page, path: str, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("body", "data-who") == "staff", path
        page.screenshot(path=str(SCREENS / f"staff-{name}-{width}.png"), full_page=True)


def test_screens(page, live, moved, settings, tmp_path) -> None:
    settings.var_dir = tmp_path
    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    with live.database.unit_of_work() as s:
        person = recipient(s).person_id
        dose, _ = doses.record(
            s,
            s.get(StaffAccount, world.account("vaccinator_a").id),
            doses.DoseInput(person, 1, PFIZER, world.pfizer_a.id, "PPV-A", an_hour_ago()),
        )
        dose_id = dose.id
    login(page, world.staff["auditor"], lang="en")
    page.goto("/staff/audit")
    page.click("#run-now")
    page.wait_for_selector("tr[data-status=DONE]", timeout=120_000)
    for name, path in MAIN.items():
        page.context.clear_cookies()
        login(page, world.staff[name], lang="en")
        _shoot(page, path, name.removesuffix("_a"))
    page.context.clear_cookies()
    login(page, world.staff["vaccinator_a"], lang="en")
    _shoot(page, f"/ppv/PPV-A/doses/{dose_id}/correct", "correction")
    with live.database.unit_of_work() as s:
        centres.set_capacity(s, s.get(StaffAccount, world.account("admin").id), "PPV-A", PFIZER, 40)
    page.context.clear_cookies()
    login(page, world.staff["admin"], lang="en")
    _shoot(page, "/staff/appointments/allocate", "allocation")
    owner, phone = factories.adult(), factories.adult().phone
    with live.database.unit_of_work() as s:
        registration.register_web(
            s, factories.identity_of(owner), owner.phone, registration.Facts()
        )
        sign_up_as(s, owner, phone)  # someone else's number, from a phone not on the record
    page.context.clear_cookies()
    login(page, world.staff["desk_a"], lang="en")
    _shoot(page, f"/staff/identity-claims?phone={quote(phone)}", "claims")
