"""Settings refuse demo secrets and weak hashing outside demo mode."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sihat.core.settings import Settings


def test_settings_refuse_demo_secrets_outside_demo() -> None:
    with pytest.raises(ValidationError, match="demo key"):
        Settings(demo=False, argon2_profile="strong")
    with pytest.raises(ValidationError, match="only allowed in demo"):
        Settings(
            demo=False,
            data_key="a" * 40,
            lookup_key="b" * 40,
            session_key="c" * 40,
            argon2_profile="fast",
        )
    assert (
        Settings(
            demo=False,
            data_key="a" * 40,
            lookup_key="b" * 40,
            session_key="c" * 40,
            argon2_profile="strong",
        ).demo
        is False
    )
