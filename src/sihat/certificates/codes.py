"""Refusals of the certificate routes and pages (the verifier's own reasons are in
``reasons.py``, included here), in English and Malay. Registered with ``core.errors`` by
``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

from sihat.certificates.reasons import REASONS

CODES: dict[str, tuple[int, str, str]] = {
    "certificate_revoked": (
        410,
        "This certificate was revoked; use its replacement.",
        "Sijil ini telah dibatalkan; gunakan sijil gantiannya.",
    ),
    "verify_input_missing": (
        422,
        "Give a certificate code (HC1:...) or a QR image, not both and not neither.",
        "Berikan kod sijil (HC1:...) atau imej QR, bukan kedua-duanya dan bukan tiada.",
    ),
    "image_too_large": (
        413,
        "The image is larger than {limit_kb} kB.",
        "Imej lebih besar daripada {limit_kb} kB.",
    ),
}

CODES.update(REASONS)  # the verifier's reasons are refusals too
