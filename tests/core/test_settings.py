"""Settings refuse demo secrets and weak hashing outside demo mode."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sihat.core.settings import DEMO_KEY, Settings

SECRETS = [name for name, f in Settings.model_fields.items() if f.default == DEMO_KEY]
REAL: dict[str, Any] = {name: f"{name}-real-secret-value-0123456789" for name in SECRETS}
REAL["clock_offset_days"] = 0  # the date-bomb run sets it; production refuses it (below)


def test_every_secret_is_refused_while_it_holds_the_demo_key() -> None:
    assert {"data_key", "lookup_key", "session_key", "audit_key"} <= set(SECRETS)
    for name in SECRETS:
        with pytest.raises(ValidationError, match="demo key"):
            Settings(demo=False, argon2_profile="strong", **{**REAL, name: DEMO_KEY})
    assert Settings(demo=False, argon2_profile="strong", **REAL).demo is False


def test_fast_password_hashing_only_in_demo_mode() -> None:
    with pytest.raises(ValidationError, match="only allowed in demo"):
        Settings(demo=False, argon2_profile="fast", **REAL)
    assert Settings(demo=True, argon2_profile="fast").argon2_profile == "fast"


def test_a_shifted_clock_only_in_demo_mode() -> None:
    with pytest.raises(ValidationError, match="SIHAT_CLOCK_OFFSET_DAYS"):
        Settings(demo=False, argon2_profile="strong", **{**REAL, "clock_offset_days": 30})
    assert Settings(demo=True, clock_offset_days=30).clock_offset_days == 30
