"""The refusal codes of vendor payments, in English and Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    "vendor_no_contract": (
        409,
        "There is no vendor contract for this service and period.",
        "Tiada kontrak vendor bagi perkhidmatan dan tempoh ini.",
    ),
    "vendor_contract_exists": (
        409,
        "A contract with this reference exists.",
        "Kontrak dengan rujukan ini sudah wujud.",
    ),
    "vendor_bad_contract": (
        422,
        "The contract's dates, rate or ceiling are not valid.",
        "Tarikh, kadar atau siling kontrak tidak sah.",
    ),
    "vendor_over_ceiling": (
        409,
        "This invoice would take the contract over its ceiling.",
        "Invois ini akan melebihi siling kontrak.",
    ),
    "invoice_duplicate": (
        409,
        "This invoice number was already received for the contract.",
        "Nombor invois ini telah diterima bagi kontrak tersebut.",
    ),
    "invoice_bad_dates": (
        422,
        "The invoice date or billing period is not valid.",
        "Tarikh invois atau tempoh bil tidak sah.",
    ),
    "invoice_not_reconciled": (
        409,
        "The invoice does not match metered usage; it cannot be verified.",
        "Invois tidak sepadan dengan penggunaan bermeter; ia tidak boleh disahkan.",
    ),
    "payment_not_verified": (
        409,
        "A finance officer must verify the invoice before it is approved.",
        "Pegawai kewangan mesti mengesahkan invois sebelum ia diluluskan.",
    ),
    "payment_not_approved": (
        409,
        "The payment must be approved before it is paid.",
        "Bayaran mesti diluluskan sebelum dibayar.",
    ),
    "payment_step_done": (
        409,
        "This step has already been done for this invoice.",
        "Langkah ini telah pun dilakukan bagi invois ini.",
    ),
    "payment_same_person": (
        403,
        "The same person may not do two steps of one payment.",
        "Orang yang sama tidak boleh melakukan dua langkah bagi satu bayaran.",
    ),
    "payment_no_authority": (
        403,
        "You have no payment approval limit.",
        "Anda tiada had kelulusan bayaran.",
    ),
    "payment_over_limit": (
        403,
        "The amount is above your approval limit.",
        "Jumlah melebihi had kelulusan anda.",
    ),
}
