"""The words of MyRisk: statuses (with their colour and Malay/English names), sources and
reasons. A reason is a stable code stored on the status row; people only ever see its text."""

from __future__ import annotations

from typing import Final

from sihat.core.errors import Problem

LOW_RISK: Final = "LOW_RISK"
CASUAL_CONTACT: Final = "CASUAL_CONTACT"
PERSON_UNDER_SURVEILLANCE: Final = "PERSON_UNDER_SURVEILLANCE"
CLOSE_CONTACT: Final = "CLOSE_CONTACT"
SUSPECTED: Final = "SUSPECTED"
CONFIRMED: Final = "CONFIRMED"
HOME_SURVEILLANCE_ORDER: Final = "HOME_SURVEILLANCE_ORDER"

# status -> (colour, Malay, English)
STATUSES: dict[str, tuple[str, str, str]] = {
    LOW_RISK: ("blue", "Risiko rendah", "Low risk"),
    CASUAL_CONTACT: ("blue", "Kontak kasual", "Casual contact"),
    PERSON_UNDER_SURVEILLANCE: ("yellow", "Individu dalam pemantauan", "Person under surveillance"),
    CLOSE_CONTACT: ("orange", "Kontak rapat", "Close contact"),
    SUSPECTED: ("orange", "Kes disyaki", "Suspected case"),
    CONFIRMED: ("red", "Kes positif", "Confirmed case"),
    HOME_SURVEILLANCE_ORDER: (
        "red",
        "Perintah pengawasan di rumah",
        "Home surveillance order",
    ),
}

# Statuses a premise door shows as high risk (red).
HIGH_RISK: frozenset[str] = frozenset(
    {CONFIRMED, SUSPECTED, CLOSE_CONTACT, HOME_SURVEILLANCE_ORDER}
)

SOURCES: frozenset[str] = frozenset({"CASE", "EXPOSURE", "ASSESSMENT", "ORDER", "MANUAL"})
# source -> (Malay, English), shown in a person's history
SOURCE_TEXT: dict[str, tuple[str, str]] = {
    "CASE": ("Keputusan ujian", "Test result"),
    "EXPOSURE": ("Pendedahan", "Exposure"),
    "ASSESSMENT": ("Penilaian kendiri", "Self-assessment"),
    "ORDER": ("Perintah pegawai kesihatan", "Health officer's order"),
    "MANUAL": ("Pegawai kesihatan", "Health officer"),
}

# reason code -> (Malay, English); never names a case, a premise or another person
REASONS: dict[str, tuple[str, str]] = {
    "positive_test": ("Ujian COVID-19 anda positif.", "Your COVID-19 test was positive."),
    "symptoms_reported": (
        "Anda melaporkan gejala COVID-19.",
        "You reported COVID-19 symptoms.",
    ),
    "awaiting_result": ("Menunggu keputusan ujian.", "Waiting for a test result."),
    "household_contact": (
        "Seorang ahli isi rumah anda disahkan positif.",
        "Someone in your household tested positive.",
    ),
    "close_contact": (
        "Anda kontak rapat kepada kes positif.",
        "You were in close contact with a positive case.",
    ),
    "bluetooth_contact": (
        "MySJ Trace mengesan anda berdekatan kes positif.",
        "MySJ Trace found you near a positive case.",
    ),
    "casual_contact": (
        "Anda berada di premis yang sama dengan kes positif pada masa yang sama.",
        "You were at the same premise as a positive case at the same time.",
    ),
    "travel": ("Anda baru pulang dari luar negara.", "You have just returned from abroad."),
    "officer_decision": ("Keputusan pegawai kesihatan.", "A health officer's decision."),
    "home_surveillance_order": (
        "Pegawai kesihatan mengeluarkan perintah pengawasan di rumah kepada anda.",
        "A health officer has placed you under a home surveillance order.",
    ),
    "no_risk": ("Tiada risiko yang diketahui.", "No known risk."),
}


def rank(status: str, precedence: tuple[str, ...]) -> int:
    """Higher is more serious (CONFIRMED highest, LOW_RISK 0)."""
    return len(precedence) - 1 - precedence.index(status)


def check(status: str, source: str, reason: str) -> None:
    """Refuse a status, source or reason this domain does not know."""
    if status not in STATUSES or status == LOW_RISK:
        raise Problem("invalid_input", field="status")
    if source not in SOURCES:
        raise Problem("invalid_input", field="source")
    if reason not in REASONS:
        raise Problem("invalid_input", field="reason")
