"""The demo works on any date: seeded today and with the clock years ahead, its centres take
a dose now, its certificates verify with the site's own verifier, its check-ins give the
contact-tracing job casual contacts, a named citizen sees a non-low risk status, and the
logins name every persona with what to try."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.cases import contacts
from sihat.certificates import service as certificates
from sihat.certificates import settings as cert_settings
from sihat.certificates import signing
from sihat.certificates.models import Certificate
from sihat.core import clock
from sihat.demo import logins, personas
from sihat.demo import seed as demo
from sihat.demo.vaccination import PFIZER
from sihat.hotspots import zones
from sihat.risk import service as risk
from sihat.selfassess import tasks as selfassess_tasks
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses, stock
from sihat.vaccination.models import Appointment
from tests.conftest import BoundDatabase

YEARS_AHEAD = timedelta(days=7 * 365 + 123)


@pytest.fixture
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    keys = tmp_path / "cert-keys"
    monkeypatch.setenv("SIHAT_CERT_KEY_DIR", str(keys))
    cert_settings.get_settings.cache_clear()
    yield keys
    cert_settings.get_settings.cache_clear()


def _staff(session: Session, username: str) -> StaffAccount:
    found = session.scalar(select(StaffAccount).where(StaffAccount.username == username))
    assert found is not None
    return found


@pytest.mark.parametrize("ahead", [timedelta(0), YEARS_AHEAD], ids=["today", "years-ahead"])
def test_the_demo_works_on_any_date(
    session: Session, db: BoundDatabase, key_dir: Path, ahead: timedelta
) -> None:
    moment = clock.now() + ahead
    with clock.frozen(moment):
        if not ahead:  # keys made now, as a running installation's (or a test worker's) are
            signing.signing_store()
        result = demo.seed(session, size=40, seed_value=3)
        session.flush()
        assert result.seeded and result.doses and result.appointments and result.checkins
        assert result.premises == 6 and result.orders == 1 and result.casual_contacts > 0

        seeded = list(session.scalars(select(Certificate)))
        assert len(seeded) == result.doses
        verdicts = {c.ci: certificates.verify_code(c.code) for c in seeded}
        failing = {
            ci: [name for name, check in v.checks.items() if check.ok is False]
            for ci, v in verdicts.items()
            if not v.valid
        }
        assert failing == {}

        named = personas.accounts(session)
        farid = named["farid"]
        offered = session.scalars(
            select(Appointment).where(Appointment.person_id == farid.person_id)
        ).all()
        assert [a.day for a in offered if a.status == "OFFERED"]
        assert all(
            clock.today_my() <= a.day <= clock.today_my() + timedelta(days=6) for a in offered
        )
        batch = next(b for b, n in stock.levels(session, "PPV-A") if n > 0)
        assert batch.expires_on > clock.today_my()
        given = clock.now() - timedelta(minutes=10)
        dose, created = doses.record(
            session,
            _staff(session, "vaccinator.a"),
            doses.DoseInput(farid.person_id, 1, PFIZER, batch.id, "PPV-A", given),
        )
        assert created
        fresh = session.scalar(select(Certificate).where(Certificate.dose_id == dose.id))
        assert fresh is not None and certificates.verify_code(fresh.code).valid

        assert risk.current(session, named["rajesh"].person_id).status == (
            "HOME_SURVEILLANCE_ORDER"
        )
        assert risk.current(session, named["aisyah"].person_id).status == "LOW_RISK"
        meiling = named["meiling"].person_id
        assert risk.current(session, meiling).status == "PERSON_UNDER_SURVEILLANCE"
        assert [t.status for t in selfassess_tasks.tasks_of(session, [meiling])] == [
            "DUE",
            "MISSED",
            "DONE",
        ]
        assert result.self_assessments == 7

        traced = contacts.trace_recent(db)
        assert traced.cases == 1 and traced.casual == result.casual_contacts
        assert traced.exposures.created == 0  # recorded when the case was confirmed
        # The case is on the hotspot map: its premise has coordinates.
        assert list(zones.cell_counts(session, clock.today_my()).values()) == [1]

        printed = logins.text(session, "http://127.0.0.1:8000")
        for citizen in personas.CITIZENS:
            assert citizen.phone in printed and citizen.try_en in printed
            assert citizen.try_ms in printed
        for username, (ms, en) in personas.STAFF_TRY.items():
            assert f"  {username} " in printed and en in printed and ms in printed

        assert not demo.seed(session, size=40).seeded  # a seeded database is left alone
        assert not demo.outdated(session)
    with clock.frozen(moment + timedelta(days=600)):  # its lots have expired by then
        assert demo.outdated(session)
