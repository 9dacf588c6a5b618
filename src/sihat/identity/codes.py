"""The refusal codes of identity (documents, accounts, sign-up, login, people): HTTP status,
English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # identity.accounts
    "otp_wrong": (400, "The code is not correct.", "Kod tidak betul."),
    "otp_expired": (
        400,
        "The code has expired. Ask for a new one.",
        "Kod telah tamat tempoh. Minta kod baharu.",
    ),
    "phone_in_use": (
        409,
        "This phone number already belongs to an account.",
        "Nombor telefon ini sudah digunakan oleh akaun lain.",
    ),
    "weak_password": (
        422,
        "The password must have at least 10 characters.",
        "Kata laluan mesti sekurang-kurangnya 10 aksara.",
    ),
    "login_failed": (
        401,
        "The phone number or password is not correct.",
        "Nombor telefon atau kata laluan tidak betul.",
    ),
    # identity.documents
    "invalid_id_type": (
        422,
        "Unknown identity document type.",
        "Jenis dokumen pengenalan tidak dikenali.",
    ),
    "invalid_nric": (
        422,
        "The identity card number is not valid: {reason}.",
        "Nombor kad pengenalan tidak sah: {reason_ms}.",
    ),
    "invalid_passport": (
        422,
        "The passport number is not valid.",
        "Nombor pasport tidak sah.",
    ),
    "nric_dob_mismatch": (
        422,
        "The date of birth does not match the identity card number.",
        "Tarikh lahir tidak sepadan dengan nombor kad pengenalan.",
    ),
    "nric_sex_mismatch": (
        422,
        "The sex does not match the identity card number.",
        "Jantina tidak sepadan dengan nombor kad pengenalan.",
    ),
    # identity.service
    "duplicate_identity": (
        409,
        "This identity document already belongs to an account. "
        "Use account recovery to get back into it.",
        "Dokumen pengenalan ini sudah dimiliki oleh akaun lain. "
        "Gunakan pemulihan akaun untuk mengaksesnya semula.",
    ),
    "invalid_phone": (422, "The phone number is not valid.", "Nombor telefon tidak sah."),
    "dependent_limit": (
        409,
        "An account can have at most {limit} dependents.",
        "Satu akaun boleh mempunyai paling banyak {limit} tanggungan.",
    ),
    "dependent_already_linked": (
        409,
        "This person is already a dependent of another account.",
        "Individu ini sudah menjadi tanggungan akaun lain.",
    ),
    "invalid_name": (422, "Please enter the full name.", "Sila masukkan nama penuh."),
}
