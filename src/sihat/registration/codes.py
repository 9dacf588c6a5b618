"""The refusal codes of vaccination registration: HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # registration.service
    "not_eligible_age": (
        422,
        "Vaccination registration is open from age {min_age}.",
        "Pendaftaran vaksinasi dibuka mulai umur {min_age} tahun.",
    ),
    "date_of_birth_required": (
        422,
        "The date of birth is required.",
        "Tarikh lahir diperlukan.",
    ),
    "pregnancy_sex_mismatch": (
        422,
        "Pregnancy can only be declared for a female registrant.",
        "Kehamilan hanya boleh diisytiharkan untuk pendaftar perempuan.",
    ),
    "invalid_channel": (
        422,
        "This registration channel is not allowed here.",
        "Saluran pendaftaran ini tidak dibenarkan di sini.",
    ),
}
