"""The refusal codes of the case register: HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module.
Retraction decisions reuse governance's maker-checker codes (``self_approval``,
``approver_lacks_authority``, ``request_expired``, ``request_not_pending``)."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    "case_person_unknown": (
        422,
        "No person is registered with this identity document.",
        "Tiada individu berdaftar dengan dokumen pengenalan ini.",
    ),
    "case_invalid_source": (
        422,
        "The test type is not one of LAB_RTPCR, PRO_RTKAG, SELF_TEST, IMPORTED.",
        "Jenis ujian bukan salah satu daripada LAB_RTPCR, PRO_RTKAG, SELF_TEST, IMPORTED.",
    ),
    "case_invalid_category": (
        422,
        "The clinical category must be a whole number from 1 to 5.",
        "Kategori klinikal mestilah nombor bulat dari 1 hingga 5.",
    ),
    "case_invalid_district": (
        422,
        "The state and district are not a known Malaysian district.",
        "Negeri dan daerah bukan daerah Malaysia yang dikenali.",
    ),
    "case_invalid_time": (
        422,
        "The time is not valid: {reason}.",
        "Masa tidak sah: {reason_ms}.",
    ),
    "case_invalid_specimen": (
        422,
        "The specimen id is required (up to 60 letters, digits, '-', '_' or '/').",
        "Id spesimen diperlukan (sehingga 60 huruf, digit, '-', '_' atau '/').",
    ),
    "case_specimen_conflict": (
        409,
        "This specimen id is already recorded for another person or with other details.",
        "Id spesimen ini telah direkodkan bagi individu lain atau dengan butiran lain.",
    ),
    "case_wrong_status": (
        409,
        "This case cannot be changed in its present status.",
        "Kes ini tidak boleh diubah dalam statusnya sekarang.",
    ),
    "case_retraction_pending": (
        409,
        "A retraction of this case is already waiting for a decision.",
        "Permohonan penarikan balik kes ini sedang menunggu keputusan.",
    ),
    "case_reason_required": (
        422,
        "Give a reason of at least 10 characters.",
        "Berikan sebab sekurang-kurangnya 10 aksara.",
    ),
    "case_csv_unreadable": (
        422,
        "The file is not a UTF-8 CSV file with a header row.",
        "Fail ini bukan fail CSV UTF-8 dengan baris pengepala.",
    ),
    "case_csv_columns": (
        422,
        "The file lacks required columns: {columns}.",
        "Fail ini tiada lajur yang diperlukan: {columns}.",
    ),
}
