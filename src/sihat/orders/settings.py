"""Settings of the orders domain, every value from a ``SIHAT_ORDER_*`` variable.

Safe defaults for the embedded demo; outside demo mode (``SIHAT_DEMO=false``) the passphrase
that encrypts the order signing key must be a real secret.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sihat.core.settings import get_settings as core_settings

DEMO_PASSPHRASE = "demo-only-order-passphrase-do-not-use"


class OrderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIHAT_ORDER_", extra="ignore")

    demo: bool = Field(default=True, validation_alias=AliasChoices("SIHAT_DEMO", "demo"))
    key_dir: Path | None = Field(
        default=None, description="where the signing keys live; SIHAT_VAR_DIR/keys/orders"
    )
    key_passphrase: str = Field(
        default=DEMO_PASSPHRASE, description="encrypts the order signing keys at rest"
    )
    verify_per_ip_per_minute: int = Field(default=120, ge=1, description="public verify")
    scan_lookback_hours: int = Field(
        default=48, ge=1, description="how far back the enforcement job reads check-ins"
    )

    @model_validator(mode="after")
    def _refuse_demo_secrets(self) -> OrderSettings:
        if not self.demo and self.key_passphrase == DEMO_PASSPHRASE:
            raise ValueError(
                "SIHAT_ORDER_KEY_PASSPHRASE still holds the demo passphrase; "
                "set a real secret or SIHAT_DEMO=true"
            )
        if len(self.key_passphrase) < 12:
            raise ValueError("SIHAT_ORDER_KEY_PASSPHRASE must be at least 12 characters")
        return self

    @property
    def keys_path(self) -> Path:
        return self.key_dir or Path(core_settings().var_dir) / "keys" / "orders"


@lru_cache
def get_settings() -> OrderSettings:
    return OrderSettings()
