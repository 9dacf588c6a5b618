"""Who may see a dose: one rule (``doses.dose_for``) for reading it (``GET /doses/{id}``) and
for reporting an adverse event on it. The same callers pass and fail both ways; everyone
else gets 404 ``not_found``, as for a dose that does not exist."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.identity import service as identity
from sihat.identity.models import Account
from sihat.staff import sessions as staff_sessions
from sihat.staff.models import StaffAccount
from sihat.vaccination import aefi, doses
from sihat.vaccination.models import AdverseEvent, Dose
from tests import factories
from tests.vaccination.conftest import PFIZER, add_staff, an_hour_ago, recipient

SEE = ("vaccinator_a", "supervisor_a", "desk_a", "health")
NOT_SEE = ("vaccinator_b", "auditor", "admin", "hotline")


def _dose(session: Session, world, person_id: str) -> Dose:  # type: ignore[no-untyped-def]
    data = doses.DoseInput(person_id, 1, PFIZER, world.pfizer_a.id, "PPV-A", an_hour_ago())
    return doses.record(session, world.account("vaccinator_a"), data)[0]


def _refused(call) -> bool:  # type: ignore[no-untyped-def]
    try:
        call()
    except Problem as problem:
        assert problem.code == "not_found"
        return True
    return False


def _reports(session: Session, viewer: Account | StaffAccount, dose: Dose) -> bool:
    today = clock.today_my()
    if isinstance(viewer, Account):
        return not _refused(
            lambda: aefi.report_by_recipient(session, viewer, dose.id, today, False, [])
        )
    return not _refused(lambda: aefi.report_by_staff(session, viewer, dose.id, today, False, []))


def _sees(session: Session, viewer: Account | StaffAccount, dose: Dose) -> bool:
    return not _refused(lambda: doses.dose_for(session, viewer, dose.id))


def _token(session: Session, persona: factories.StaffPersona) -> str:
    password, code = factories.STAFF_PASSWORD, persona.totp()
    return staff_sessions.login(session, persona.account.username, password, code)[1]


def _aefi_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(AdverseEvent)) or 0)


def test_staff_see_a_dose_the_same_way_to_read_it_and_to_report_on_it(
    session: Session,
    client,  # type: ignore[no-untyped-def]
    world,  # type: ignore[no-untyped-def]
) -> None:
    world.staff["health"] = add_staff(session, world.staff, "health", [{"role": "HEALTH_OFFICER"}])
    dose = _dose(session, world, recipient(session).person_id)
    for name in SEE + NOT_SEE:
        staff = world.account(name)
        before = _aefi_count(session)
        assert _sees(session, staff, dose) is (name in SEE), name
        assert _reports(session, staff, dose) is (name in SEE), name
        assert _aefi_count(session) == before + (name in SEE), name
    tokens = {name: _token(session, world.staff[name]) for name in SEE + NOT_SEE}
    session.commit()
    for name, token in tokens.items():
        got = client.get(
            f"/api/v1/vaccination/doses/{dose.id}", headers={"Authorization": f"Bearer {token}"}
        )
        assert got.status_code == (200 if name in SEE else 404), name
        if name not in SEE:
            assert got.json()["code"] == "not_found"


def test_the_recipient_and_their_current_guardian_see_a_dose_no_one_else(
    session: Session,
    world,  # type: ignore[no-untyped-def]
) -> None:
    adult = recipient(session)
    own = _dose(session, world, adult.person_id)
    guardian = recipient(session)
    link = identity.add_dependent(
        session, guardian, factories.identity_of(factories.child()), "CHILD"
    )
    child = _dose(session, world, link.person_id)
    stranger = recipient(session)
    cases = [
        (adult, own, True),
        (guardian, child, True),
        (adult, child, False),
        (guardian, own, False),
        (stranger, own, False),
        (stranger, child, False),
    ]
    for viewer, dose, allowed in cases:
        assert _sees(session, viewer, dose) is allowed
        assert _reports(session, viewer, dose) is allowed
    identity.remove_dependent(session, guardian, link.person_id)
    assert not _sees(session, guardian, child)
    assert not _reports(session, guardian, child)


def test_a_missing_dose_is_not_found_for_everyone(
    session: Session,
    world,  # type: ignore[no-untyped-def]
) -> None:
    for viewer in (world.account("vaccinator_a"), recipient(session)):
        with pytest.raises(Problem) as missing:
            doses.dose_for(session, viewer, "00000000-0000-0000-0000-000000000000")
        assert missing.value.code == "not_found"
