"""Settings of the certificates domain, every value from a ``SIHAT_CERT_*`` variable.

Mirrors :mod:`sihat.core.settings`: safe defaults for the embedded demo; outside demo mode
(``SIHAT_DEMO=false``) the key passphrase must be a real secret.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEMO_PASSPHRASE = "demo-only-certificate-passphrase-do-not-use"


class CertificateSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIHAT_CERT_", extra="ignore")

    demo: bool = Field(default=True, validation_alias=AliasChoices("SIHAT_DEMO", "demo"))
    key_dir: Path = Path("var/keys")
    key_passphrase: str = Field(
        default=DEMO_PASSPHRASE, description="encrypts the CSCA and document-signer keys at rest"
    )
    country: str = Field(default="MY", pattern=r"^[A-Z]{2}$")
    issuer: str = "Kementerian Kesihatan Malaysia"
    organisation: str = "Ministry of Health Malaysia"
    validity_days: int = Field(default=365, ge=1, description="lifetime of a certificate")
    signer_use_days: int = Field(
        default=365, ge=1, description="a document signer signs for this long, then is rotated"
    )
    csca_validity_days: int = Field(default=365 * 10, ge=1)
    trust_list_url: str = "http://127.0.0.1:8000/api/v1/certificates/trust-list"
    verify_per_ip_per_minute: int = Field(default=120, ge=1, description="public verify route")
    verify_image_max_kb: int = Field(default=2048, ge=16, description="largest QR image accepted")

    @model_validator(mode="after")
    def _refuse_demo_secrets(self) -> CertificateSettings:
        if not self.demo and self.key_passphrase == DEMO_PASSPHRASE:
            raise ValueError(
                "SIHAT_CERT_KEY_PASSPHRASE still holds the demo passphrase; "
                "set a real secret or SIHAT_DEMO=true"
            )
        if len(self.key_passphrase) < 12:
            raise ValueError("SIHAT_CERT_KEY_PASSPHRASE must be at least 12 characters")
        return self

    @property
    def signer_validity_days(self) -> int:
        """A signer's X.509 validity covers its signing period plus the certificates' life,
        so every certificate it signed expires before the signer does."""
        return self.signer_use_days + self.validity_days + 1


@lru_cache
def get_settings() -> CertificateSettings:
    return CertificateSettings()
