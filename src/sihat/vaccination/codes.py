"""Every refusal of the vaccination domain, with its English and Malay text.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    "ppv_not_operating": (
        422,
        "The vaccination centre {ppv_code} was not operating on {day}.",
        "Pusat pemberian vaksin {ppv_code} tidak beroperasi pada {day}.",
    ),
    "administered_in_future": (
        422,
        "The administration time is later than now; check the device clock.",
        "Masa pemberian adalah selepas masa sekarang; semak jam peranti.",
    ),
    "late_entry_needs_approval": (
        422,
        "This dose is entered more than {hours} hours after it was given: a late-entry "
        "reason approved by the centre's supervisor is required.",
        "Dos ini dimasukkan lebih {hours} jam selepas diberi: sebab kemasukan lewat yang "
        "diluluskan oleh penyelia pusat diperlukan.",
    ),
    "late_entry_too_old": (
        422,
        "Doses given more than {days} days ago cannot be entered.",
        "Dos yang diberi lebih {days} hari lalu tidak boleh dimasukkan.",
    ),
    "batch_expired": (
        422,
        "Batch {lot} expired on {expires_on}.",
        "Kelompok {lot} telah luput pada {expires_on}.",
    ),
    "batch_not_at_ppv": (
        422,
        "This batch is not held at this vaccination centre.",
        "Kelompok ini tiada dalam stok pusat pemberian vaksin ini.",
    ),
    "out_of_stock": (
        409,
        "No doses of this batch are left at this centre.",
        "Tiada dos kelompok ini yang tinggal di pusat ini.",
    ),
    "dose_sequence": (
        422,
        "This dose does not follow the vaccination rules: {rule_en}.",
        "Dos ini tidak mematuhi peraturan vaksinasi: {rule_ms}.",
    ),
    "product_age_limit": (
        422,
        "{product_name} is given from age {min_age} only.",
        "{product_name} hanya diberi mulai umur {min_age} tahun.",
    ),
    "vaccinator_not_assigned": (
        403,
        "You are not assigned as a vaccinator at this centre.",
        "Anda tidak ditugaskan sebagai pemberi vaksin di pusat ini.",
    ),
    "person_not_found": (
        404,
        "No person with these details is known.",
        "Tiada individu dengan butiran ini.",
    ),
    "ppv_exists": (
        409,
        "A vaccination centre with this code exists.",
        "Pusat pemberian vaksin dengan kod ini sudah wujud.",
    ),
    "ppv_period_invalid": (
        422,
        "The opening and closing dates do not fit the centre's operating periods.",
        "Tarikh buka dan tutup tidak sesuai dengan tempoh operasi pusat.",
    ),
    "not_centre_staff": (
        422,
        "This staff member does not hold this role at the centre.",
        "Kakitangan ini tidak memegang peranan ini di pusat tersebut.",
    ),
    "slot_full": (
        409,
        "No places are left at this centre on that day.",
        "Tiada tempat lagi di pusat ini pada hari tersebut.",
    ),
    "appointment_closed": (
        409,
        "This appointment can no longer be changed.",
        "Temu janji ini tidak boleh diubah lagi.",
    ),
    "second_person_required": (
        403,
        "Approval must come from a different person than the request.",
        "Kelulusan mesti daripada orang lain, bukan yang membuat permintaan.",
    ),
    "amendment_open": (
        409,
        "This dose record already has an amendment.",
        "Rekod dos ini sudah mempunyai pindaan.",
    ),
    "aefi_onset_invalid": (
        422,
        "The onset date must be on or after the vaccination and not in the future.",
        "Tarikh mula mesti pada atau selepas vaksinasi dan bukan pada masa hadapan.",
    ),
}
