"""The words of the MySJ Trace pages, Malay and English (registered with ``core.i18n``)."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "trace.title": (
        "MySJ Trace: muat naik dan kontak rapat",
        "MySJ Trace: uploads and close contacts",
    ),
    "trace.area": ("Kawasan", "Area"),
    "trace.find_case": ("Cari kes (nombor kes)", "Find a case (case number)"),
    "trace.find": ("Cari", "Find"),
    "trace.case": ("Kes", "Case"),
    "trace.waiting": (
        "Kes dengan kontak rapat menunggu pengesahan",
        "Cases with close contacts awaiting confirmation",
    ),
    "trace.issue": ("Keluarkan kod muat naik", "Issue an upload code"),
    "trace.code": ("Kod muat naik", "Upload code"),
    "trace.code_help": (
        "Bacakan kod ini kepada individu kes selepas PIN jabat tangan di telefonnya sepadan. "
        "Kod ini sah sekali sahaja, hingga",
        "Read this code to the case after the handshake PIN on their phone matches. "
        "It works once, until",
    ),
    "trace.pins": ("PIN jabat tangan telefon kes", "Handshake PINs of the case's phones"),
    "trace.pins_none": ("Kes ini tiada telefon MySJ Trace.", "This case has no MySJ Trace phone."),
    "trace.uploads": ("Muat naik", "Uploads"),
    "trace.uploads_none": ("Belum ada muat naik.", "No upload yet."),
    "trace.received": ("Diterima", "Received"),
    "trace.records": ("Rekod", "Records"),
    "trace.valid": ("Sah", "Valid"),
    "trace.rejected": ("Ditolak", "Rejected"),
    "trace.contacts": ("Kontak rapat Bluetooth", "Bluetooth close contacts"),
    "trace.contacts_none": ("Tiada kontak rapat.", "No close contacts."),
    "trace.name": ("Nama", "Name"),
    "trace.id": ("No. pengenalan", "Identity no."),
    "trace.minutes": ("Minit (≤ 2 m)", "Minutes (≤ 2 m)"),
    "trace.day": ("Tarikh", "Date"),
    "trace.status": ("Keadaan", "Status"),
    "trace.confirm": ("Sahkan kontak rapat", "Confirm close contact"),
    "trace.dismiss": ("Tolak", "Dismiss"),
    "trace.status.PENDING": ("Menunggu pengesahan", "Awaiting confirmation"),
    "trace.status.CONFIRMED": ("Disahkan", "Confirmed"),
    "trace.status.DISMISSED": ("Ditolak", "Dismissed"),
}
