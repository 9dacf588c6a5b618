"""The refusal codes of controlled exports, in English and Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    "export_unknown_dataset": (
        422,
        "There is no such dataset to export.",
        "Tiada set data sedemikian untuk dieksport.",
    ),
    "export_unknown_field": (
        422,
        "Choose one or more fields of the dataset, each once.",
        "Pilih satu atau lebih medan set data, setiap satu sekali.",
    ),
    "export_bad_filter": (
        422,
        "This filter is not offered by the dataset or its value is not valid.",
        "Penapis ini tiada pada set data atau nilainya tidak sah.",
    ),
    "export_above_cap": (
        422,
        "An export may hold at most {cap} rows; narrow the request.",
        "Satu eksport boleh mengandungi paling banyak {cap} baris; kecilkan permintaan.",
    ),
    "export_quota_exceeded": (
        429,
        "Your export quota for today is {quota} rows; {left} are left.",
        "Kuota eksport anda hari ini ialah {quota} baris; baki {left}.",
    ),
    "export_self_approval": (
        403,
        "Another person must approve your own export request.",
        "Permintaan eksport anda mesti diluluskan oleh orang lain.",
    ),
    "export_not_pending": (
        409,
        "This export request has already been decided.",
        "Permintaan eksport ini telah pun diputuskan.",
    ),
    "export_expired": (
        410,
        "This export request or file has expired.",
        "Permintaan atau fail eksport ini telah tamat tempoh.",
    ),
    "export_not_approved": (
        409,
        "This export has not been approved.",
        "Eksport ini belum diluluskan.",
    ),
    "export_download_limit": (
        409,
        "This export has been downloaded the most times allowed ({limit}).",
        "Eksport ini telah dimuat turun sebanyak yang dibenarkan ({limit}).",
    ),
}
