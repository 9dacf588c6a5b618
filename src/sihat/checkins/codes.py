"""The refusal codes of check-ins (premises, QR codes, visits, the group-commit writer):
HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # checkins.batch
    "not_a_dependent": (
        422,
        "You can only check in yourself and your own dependents.",
        "Anda hanya boleh mendaftar masuk diri sendiri dan tanggungan anda.",
    ),
    "nobody_to_check_in": (
        422,
        "Choose at least one person to check in.",
        "Pilih sekurang-kurangnya seorang untuk didaftar masuk.",
    ),
    # checkins.premises
    "invalid_premise_name": (
        422,
        "Enter the premise's name.",
        "Masukkan nama premis.",
    ),
    "invalid_state": (422, "Choose a state from the list.", "Pilih negeri daripada senarai."),
    "invalid_district": (
        422,
        "Choose a district of the chosen state.",
        "Pilih daerah dalam negeri yang dipilih.",
    ),
    "invalid_category": (
        422,
        "Choose a premise category from the list.",
        "Pilih kategori premis daripada senarai.",
    ),
    "premise_inactive": (
        409,
        "This premise is no longer accepting check-ins.",
        "Premis ini tidak lagi menerima daftar masuk.",
    ),
    "already_premise_staff": (
        409,
        "This account already runs this premise.",
        "Akaun ini sudah menguruskan premis ini.",
    ),
    # checkins.qr
    "qr_invalid": (
        400,
        "This check-in code is not valid. Scan the code displayed at the premise.",
        "Kod daftar masuk ini tidak sah. Imbas kod yang dipamerkan di premis.",
    ),
    "qr_rotated": (
        410,
        "This check-in code has been replaced. Scan the premise's current code.",
        "Kod daftar masuk ini telah diganti. Imbas kod terkini premis.",
    ),
    # checkins.visits
    "already_checked_out": (
        409,
        "This visit has already ended.",
        "Lawatan ini telah pun tamat.",
    ),
}
