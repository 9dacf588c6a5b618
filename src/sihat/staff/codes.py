"""The refusal codes of staff accounts and staff login: HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # staff.service
    "staff_bootstrap_done": (
        409,
        "The founding administrators already exist; staff change only through approved requests.",
        "Pentadbir pengasas sudah wujud; kakitangan hanya berubah melalui permohonan yang "
        "diluluskan.",
    ),
    "username_taken": (409, "This username is taken.", "Nama pengguna ini sudah digunakan."),
    "invalid_role": (422, "Unknown role or scope.", "Peranan atau skop tidak dikenali."),
    "weak_staff_password": (
        422,
        "Staff passwords must have at least 12 characters.",
        "Kata laluan kakitangan mesti sekurang-kurangnya 12 aksara.",
    ),
    "activation_invalid": (
        400,
        "The activation code is not valid or has expired.",
        "Kod pengaktifan tidak sah atau telah tamat tempoh.",
    ),
    # staff.sessions
    "staff_login_failed": (
        401,
        "The username, password or authenticator code is not correct.",
        "Nama pengguna, kata laluan atau kod pengesah tidak betul.",
    ),
}
