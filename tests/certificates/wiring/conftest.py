"""Certificates wired into the platform: the app's settings (the parent conftest's
``settings`` is the key store's), a temporary key directory per test, the vaccination world,
and helpers to record a dose and sign in as its recipient."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.certificates import settings as cert_settings
from sihat.certificates.models import Certificate, Revocation
from sihat.identity import accounts
from sihat.identity.models import Account
from sihat.vaccination import doses
from sihat.vaccination.models import Dose
from tests import factories
from tests.certificates.conftest import PASSPHRASE
from tests.conftest import settings  # noqa: F401  (the application's settings fixture)
from tests.vaccination.conftest import (  # noqa: F401  (fixtures)
    PFIZER,
    World,
    an_hour_ago,
    moved,
    recipient,
    world,
)


@pytest.fixture(autouse=True)
def key_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """No keys yet: the first certificate creates them (demo mode), here and nowhere else."""
    keys = tmp_path / "cert-keys"
    monkeypatch.setenv("SIHAT_CERT_KEY_DIR", str(keys))
    monkeypatch.setenv("SIHAT_CERT_KEY_PASSPHRASE", PASSPHRASE)
    cert_settings.get_settings.cache_clear()
    yield keys
    cert_settings.get_settings.cache_clear()


@dataclass
class Holder:
    account: Account
    phone: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def holder(session: Session) -> Holder:
    """A signed-up, registered adult, signed in."""
    p = factories.adult()
    account = recipient(session, p)
    _account, token = accounts.login(session, p.phone, factories.PASSWORD)
    return Holder(account, p.phone, token)


def give_dose(session: Session, world: World, person_id: str, n: int = 1) -> Dose:
    data = doses.DoseInput(person_id, n, PFIZER, world.pfizer_a.id, "PPV-A", an_hour_ago())
    dose, created = doses.record(session, world.account("vaccinator_a"), data)
    assert created
    return dose


def certificate_of(session: Session, dose: Dose) -> Certificate:
    found = session.scalar(select(Certificate).where(Certificate.dose_id == dose.id))
    assert found is not None
    return found


def counts(session: Session) -> tuple[int, int, int]:
    """(doses, certificates, revocations)"""
    dose_count, certificate_count, revocation_count = (
        int(session.scalar(select(func.count()).select_from(t)) or 0)
        for t in (Dose, Certificate, Revocation)
    )
    return dose_count, certificate_count, revocation_count
