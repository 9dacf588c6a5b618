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
    audit_key: str = Field(default=DEMO_KEY, description="keys the audit-log hash chain")
    audit_checkpoint_dir: Path = VAR_DIR / "audit-checkpoints"
    audit_signing_key: Path = VAR_DIR / "keys" / "audit-checkpoint-ed25519.pem"
    base_url: str = "http://127.0.0.1:8000"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"
    # the JSON logs go to this file instead of stderr (`sihat serve` in demo mode: var/log)
    log_file: Path | None = None
    rate_limit_storage: str = "memory://"
    # the prefix of every limit's key in a shared storage (Redis): deployments, or test runs,
    # sharing one Redis keep their counts apart with their own prefix
    rate_limit_prefix: str = "LIMITS"  # the `limits` library's own default
    # seconds a shared storage (Redis) may take to connect or answer before a limited request
    # is refused with 503 `limits_unavailable` (never let through uncounted, never left hanging)
    rate_limit_timeout_s: float = 2.0
    trusted_proxies: list[str] = Field(default_factory=list)
    # notifications (docs/notifications.md): providers are "" (demo in demo mode, the real
    # one outside it), "demo" (demo mode only: shown on screen, sent nowhere), "outbox"
    # (recorded, sent nowhere), "http" (SMS gateway), "smtp" (e-mail), "webpush" (push)
    sms_provider: str = ""
    email_provider: str = ""
    push_provider: str = ""
    sms_gateway_url: str = ""  # e.g. https://gateway.example.my/api/sms
    sms_gateway_format: str = "json"  # json or form
    sms_gateway_token: str = ""  # sent as "Authorization: Bearer ..." when set
    sms_gateway_to_field: str = "to"
    sms_gateway_text_field: str = "text"
    sms_gateway_sender_field: str = "sender"
    sms_gateway_reference_field: str = "reference"  # our message id (also Idempotency-Key)
    sms_gateway_id_field: str = "message_id"  # the gateway's id in its JSON answer
    sms_gateway_timeout_seconds: float = 10.0
    sms_sender: str = "SIHAT"
    # shared with the gateway; delivery receipts are refused while it is empty
    sms_receipt_secret: str = Field(default="", description="signs delivery receipts")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = False
    smtp_username: str = ""
    smtp_password: str = ""
    email_sender: str = "sihat <noreply@sihat.example>"
    vapid_private_key: str = ""  # PEM file or base64url raw key
    vapid_public_key: str = ""  # base64url uncompressed point, given to browsers
    vapid_subject: str = "mailto:admin@sihat.example"
    notify_max_attempts: int = 6  # then DEAD with its last error
    notify_backoff_seconds: float = 30.0  # first retry; doubles each attempt, with jitter
    notify_backoff_max_seconds: float = 3600.0
    notify_lease_seconds: int = 60  # a claimed message is reclaimed after this
    notify_batch: int = 200  # messages claimed at once by one worker
    notify_every_seconds: float = 2.0  # the delivery worker's tick beside the server
    notify_quiet_hours: tuple[int, int] = (22, 7)  # Malaysia time: non-urgent notices wait
    # The hotspot map's tiles, e.g. "/tiles/{z}/{x}/{y}.png": same origin (the CSP's img-src is
    # 'self'), served by a tile server behind the same proxy. Empty: zones on a plain ground.
    map_tiles_url: str = ""
    map_tiles_attribution: str = ""
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_per_phone_per_hour: int = 5
    otp_per_ip_per_hour: int = 50
    login_per_account_per_hour: int = 100
    login_per_ip_per_hour: int = 1000
    # A public login from an address this account logged in from within these days is judged
    # by its own (account, address) limits only, so stuffing from elsewhere cannot lock it out.
    login_familiar_days: int = 90
    # Account recovery (a lost phone): the wait in which the old number can cancel, and the
    # limits against takeover attempts (per identity, per address, per new phone).
    recovery_wait_hours: int = 24
    recovery_per_identity_per_day: int = 3
    recovery_per_ip_per_hour: int = 10
    recovery_per_phone_per_day: int = 3
    registration_web_per_ip_per_hour: int = 300
    # exports: row cap per export, rows per person per Malaysia day, expiry, alert thresholds
    export_row_cap: int = 50_000
    export_daily_quota_rows: int = 100_000
    export_request_ttl_hours: int = 72  # a request not approved by then cannot be approved
    export_file_ttl_hours: int = 48  # downloads refused this long after approval
    export_max_downloads: int = 3
    export_alert_ip_threshold: int = 2  # distinct download IPs per person per day
    export_alert_volume_factor: float = 3.0  # rows today above this times the daily normal
    export_alert_volume_floor: int = 20_000  # ... and above this many rows
    export_office_hours: tuple[int, int] = (7, 20)  # Malaysia time; outside is "odd hours"
    # security events: blocking abusive sources
    # Automatic blocks: a request with a live session counts for (address, account), one
    # without for the address alone; each is blocked on its own threshold within the window.
    security_block_threshold: int = 200  # anonymous events from one address
    security_block_threshold_account: int = 200  # events of one account from one address
    security_block_window_seconds: int = 600
    security_block_seconds: int = 900
    security_blocklist_cache_seconds: float = 5.0
    # request bodies: one limit for every route; uploads named by core.bodylimit.allow
    max_body_bytes: int = 256 * 1024
    upload_max_body_bytes: int = 20 * 1024 * 1024
    fast_routes: bool = True  # hot endpoints bypass FastAPI's layers (core.fastpath)
    security_never_block: list[str] = Field(default_factory=list)  # networks, e.g. 10.0.0.0/8
    # vendors: invoice reconciliation tolerance (the larger of the two applies)
    vendor_invoice_tolerance_pct: float = 1.0
    vendor_invoice_tolerance_myr: float = 1.0
    session_ttl_hours: int = 24 * 30
    staff_session_ttl_hours: int = 12
    max_dependents: int = 10
    staff_request_ttl_hours: int = 72
    audit_schedule_hours: int = 24  # the live audit's schedule; 0 turns it off
    # `--engine spark`: where Spark runs (local[*] = every core here; spark://host:7077, yarn)
    spark_master: str = "local[*]"
    scheduler: bool = False  # run sihat.jobs beside the server (`sihat serve` turns it on)
    priority_policy: str = "priority-2021.toml"
    # vaccination: dose-record integrity limits and the vaccine policy file
    vaccine_policy: str = "vaccines-2021.toml"
    late_entry_hours: int = 72  # later than this after administration needs an approval
    late_entry_max_days: int = 30  # later than this is never accepted
    late_entry_approval_days: int = 7  # how long an approved late-entry reason may be used
    clock_skew_seconds: int = 120  # allowance for "administered in the future"
    # check-ins: QR signing key, retention, visit rules, group-commit writer
    checkin_qr_key: str = Field(default=DEMO_KEY, description="signs premise check-in QR codes")
    checkin_qr_key_id: str = "k1"  # printed in every code; change it with the key to rotate
    checkin_retention_days: int = 90
    checkin_visit_minutes: int = 60  # an open visit is closed this long after check-in
    checkin_duplicate_seconds: int = 600  # a repeat scan at one premise within this is one visit
    checkin_batch_max: int = 5000  # most check-ins committed in one group transaction
    checkin_partitions_ahead: int = 7  # PostgreSQL day partitions created in advance
    var_dir: Path = VAR_DIR
    # tests only: the real clock runs this many days ahead (core.clock reads it at import)
    clock_offset_days: float = 0
    # "strong" is argon2-cffi's RFC 9106 low-memory profile; "fast" (tests, quick demos)
    # is refused outside demo mode.
    argon2_profile: str = "strong"

    @model_validator(mode="after")
    def _refuse_demo_secrets(self) -> Settings:
        if self.argon2_profile not in ("strong", "fast"):
            raise ValueError("SIHAT_ARGON2_PROFILE must be strong or fast")
        if not self.demo and self.argon2_profile != "strong":
            raise ValueError("SIHAT_ARGON2_PROFILE=fast is only allowed in demo mode")
        if not self.demo and self.clock_offset_days:
            raise ValueError("SIHAT_CLOCK_OFFSET_DAYS is only allowed in demo mode (tests)")
        if not self.demo:
            for name in ("data_key", "lookup_key", "session_key", "audit_key"):
                if getattr(self, name) == DEMO_KEY:
                    raise ValueError(
                        f"SIHAT_{name.upper()} still holds the demo key; "
                        "set a real secret or SIHAT_DEMO=true"
                    )
        return self

    @model_validator(mode="after")
    def _refuse_demo_provider(self) -> Settings:
        for name in ("sms_provider", "email_provider", "push_provider"):
            if not self.demo and getattr(self, name) == "demo":
                raise ValueError(
                    f"SIHAT_{name.upper()}=demo shows messages on screen and is only "
                    "allowed in demo mode"
                )
        return self

    def provider(self, channel: str) -> str:
        """The provider for ``channel`` (sms, email, push) after the demo/real default."""
        chosen = str(getattr(self, f"{channel}_provider"))
        if chosen:
            return chosen
        real = {"sms": "http", "email": "smtp", "push": "webpush"}[channel]
        return "demo" if self.demo else real

    @model_validator(mode="after")
    def _refuse_demo_checkin_key(self) -> Settings:
        if not self.demo and self.checkin_qr_key == DEMO_KEY:
            raise ValueError(
                "SIHAT_CHECKIN_QR_KEY still holds the demo key; "
                "set a real secret or SIHAT_DEMO=true"
            )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
