"""Settings of MySJ Trace, every value from a ``SIHAT_TRACE_*`` variable.

Safe defaults for the embedded demo; outside demo mode (``SIHAT_DEMO=false``) the passphrase
that encrypts the TempID keys at rest must be a real secret.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from sihat.core.settings import get_settings as core_settings

DEMO_PASSPHRASE = "demo-only-trace-passphrase-do-not-use"


class TraceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIHAT_TRACE_", extra="ignore")

    demo: bool = Field(default=True, validation_alias=AliasChoices("SIHAT_DEMO", "demo"))
    key_dir: Path | None = Field(
        default=None, description="where the TempID keys live; SIHAT_VAR_DIR/keys/trace"
    )
    key_passphrase: str = Field(
        default=DEMO_PASSPHRASE, description="encrypts the TempID keys at rest"
    )
    key_retention_days: int = Field(
        default=21, ge=1, description="a retired key still decrypts uploads this long"
    )
    org: str = Field(default="MY_MOH", description="our org code in StreetPassRecords")
    archive_days: int = Field(default=21, ge=1, description="raw uploads kept, encrypted")
    code_hours: int = Field(default=24, ge=1, description="an upload code's lifetime")
    token_minutes: int = Field(default=120, ge=1, description="an upload token's lifetime")
    code_guesses_per_ip_per_hour: int = Field(default=10, ge=1)
    code_guesses_per_hour: int = Field(
        default=1000, ge=1, description="all addresses together: a distributed guess"
    )
    codes_per_officer_per_hour: int = Field(default=30, ge=1)
    max_records: int = Field(default=50_000, ge=1, description="records in one upload")

    @model_validator(mode="after")
    def _refuse_demo_secrets(self) -> TraceSettings:
        if not self.demo and self.key_passphrase == DEMO_PASSPHRASE:
            raise ValueError(
                "SIHAT_TRACE_KEY_PASSPHRASE still holds the demo passphrase; "
                "set a real secret or SIHAT_DEMO=true"
            )
        if len(self.key_passphrase) < 12:
            raise ValueError("SIHAT_TRACE_KEY_PASSPHRASE must be at least 12 characters")
        return self

    @property
    def keys_path(self) -> Path:
        return self.key_dir or Path(core_settings().var_dir) / "keys" / "trace"


@lru_cache
def get_settings() -> TraceSettings:
    return TraceSettings()
