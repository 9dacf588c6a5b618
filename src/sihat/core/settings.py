"""Typed settings, every value from a ``SIHAT_*`` environment variable.

Defaults are safe for the embedded demo (SQLite under ``var/``). Outside demo mode the
application refuses to start with a demo secret.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_KEY = "demo-only-key-do-not-use-in-production-0000"
VAR_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIHAT_", extra="ignore")

    demo: bool = True
    database_url: str = f"sqlite:///{VAR_DIR / 'sihat.db'}"
    data_key: str = Field(default=DEMO_KEY, description="encrypts identity and phone numbers")
    lookup_key: str = Field(default=DEMO_KEY, description="keys the blind-index hash")
    session_key: str = Field(default=DEMO_KEY, description="signs cookies and tokens")
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    rate_limit_storage: str = "memory://"
    trusted_proxies: list[str] = Field(default_factory=list)
    sms_provider: str = "outbox"  # development provider: records instead of sending
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_per_phone_per_hour: int = 5
    otp_per_ip_per_hour: int = 50
    login_per_account_per_hour: int = 100
    login_per_ip_per_hour: int = 1000
    registration_web_per_ip_per_hour: int = 300
    session_ttl_hours: int = 24 * 30
    staff_session_ttl_hours: int = 12
    max_dependents: int = 10
    priority_policy: str = "priority-2021.toml"
    # vaccination: dose-record integrity limits and the vaccine policy file
    vaccine_policy: str = "vaccines-2021.toml"
    late_entry_hours: int = 72  # later than this after administration needs an approval
    late_entry_max_days: int = 30  # later than this is never accepted
    late_entry_approval_days: int = 7  # how long an approved late-entry reason may be used
    clock_skew_seconds: int = 120  # allowance for "administered in the future"
    var_dir: Path = VAR_DIR
    # "strong" is argon2-cffi's RFC 9106 low-memory profile; "fast" (tests, quick demos)
    # is refused outside demo mode.
    argon2_profile: str = "strong"

    @model_validator(mode="after")
    def _refuse_demo_secrets(self) -> Settings:
        if self.argon2_profile not in ("strong", "fast"):
            raise ValueError("SIHAT_ARGON2_PROFILE must be strong or fast")
        if not self.demo and self.argon2_profile != "strong":
            raise ValueError("SIHAT_ARGON2_PROFILE=fast is only allowed in demo mode")
        if not self.demo:
            for name in ("data_key", "lookup_key", "session_key"):
                if getattr(self, name) == DEMO_KEY:
                    raise ValueError(
                        f"SIHAT_{name.upper()} still holds the demo key; "
                        "set a real secret or SIHAT_DEMO=true"
                    )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
