"""Fixtures: a fresh key directory per test, and dose descriptions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sihat.certificates.keys import KeyStore
from sihat.certificates.schemas import DoseDescription
from sihat.certificates.settings import CertificateSettings

PASSPHRASE = "test-only-passphrase-0123"


@pytest.fixture
def settings(tmp_path: Path) -> CertificateSettings:
    return CertificateSettings(key_dir=tmp_path / "keys", key_passphrase=PASSPHRASE)


@pytest.fixture
def store(settings: CertificateSettings) -> KeyStore:
    store = KeyStore(settings)
    store.init()
    return store


@pytest.fixture
def make_dose() -> Callable[..., DoseDescription]:
    def make(**overrides: Any) -> DoseDescription:
        fields: dict[str, Any] = {
            "family_name": "Abdullah",
            "given_name": "Siti Nurhaliza",
            "dob": "1985-03-02",
            "vaccine": "PFIZER",
            "dose_number": 2,
            "vaccinated_on": date(2021, 8, 1),
        }
        fields.update(overrides)
        return DoseDescription(**fields)

    return make
