"""Identity documents: normalisation (as in the audit-extract contract) and MyKad rules.

MyKad-type numbers (MYKAD, MYPR, MYKAS, MYTENTERA) are ``YYMMDD-PB-###G``: a real date of
birth, a place-of-birth code issued by the National Registration Department (JPN), and a
last digit that is odd for a male and even for a female.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sihat.core.errors import Problem

MYKAD_TYPES = frozenset({"MYKAD", "MYPR", "MYKAS", "MYTENTERA"})
ID_TYPES = (*sorted(MYKAD_TYPES), "PASSPORT", "OTHER")

# JPN place-of-birth codes. Malaysian states and territories:
STATE_PB_CODES: dict[str, tuple[int, ...]] = {
    "Johor": (1, 21, 22, 23, 24),
    "Kedah": (2, 25, 26, 27),
    "Kelantan": (3, 28, 29),
    "Melaka": (4, 30),
    "Negeri Sembilan": (5, 31, 59),
    "Pahang": (6, 32, 33),
    "Pulau Pinang": (7, 34, 35),
    "Perak": (8, 36, 37, 38, 39),
    "Perlis": (9, 40),
    "Selangor": (10, 41, 42, 43, 44),
    "Terengganu": (11, 45, 46),
    "Sabah": (12, 47, 48, 49),
    "Sarawak": (13, 50, 51, 52, 53),
    "W.P. Kuala Lumpur": (14, 54, 55, 56, 57),
    "W.P. Labuan": (15, 58),
    "W.P. Putrajaya": (16,),
}
# Born abroad (by region) and "state unknown" (82).
FOREIGN_PB_CODES = frozenset([*range(60, 69), 71, 72, *range(74, 80), *range(83, 94), 98, 99])
UNKNOWN_STATE_PB = 82
VALID_PB_CODES = frozenset(
    [c for codes in STATE_PB_CODES.values() for c in codes]
    + list(FOREIGN_PB_CODES)
    + [UNKNOWN_STATE_PB]
)


_REASONS = {
    "length": ("it must have 12 digits", "mesti mempunyai 12 digit"),
    "characters": ("only digits, spaces and dashes are allowed", "hanya digit, ruang dan sengkang"),
    "date": ("the first six digits are not a real date", "enam digit pertama bukan tarikh sah"),
    "future": ("the date of birth is in the future", "tarikh lahir pada masa hadapan"),
    "place_of_birth": (
        "digits 7-8 are not a valid place-of-birth code",
        "digit 7-8 bukan kod tempat lahir yang sah",
    ),
}


@dataclass(frozen=True)
class CheckedId:
    id_type: str
    normalised: str
    date_of_birth: date | None = None
    sex: str | None = None
    place_of_birth: int | None = None
    issuing_country: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.id_type, self.normalised)

    @property
    def birth_state(self) -> str | None:
        for state, codes in STATE_PB_CODES.items():
            if self.place_of_birth in codes:
                return state
        return None


def normalise(id_type: str, number: str) -> str:
    """The contract's normalisation: digits for MyKad types, upper-case alphanumerics else."""
    if id_type.upper() in MYKAD_TYPES:
        return re.sub(r"\D", "", number)
    return re.sub(r"[^A-Z0-9]", "", number.upper())


def _nric_problem(reason: str, field: str) -> Problem:
    en, ms = _REASONS[reason]
    return Problem("invalid_nric", field=field, reason=en, reason_ms=ms)


def check_mykad(id_type: str, number: str, *, today: date, field: str = "id_number") -> CheckedId:
    if re.search(r"[^\d\s-]", number.strip()):
        raise _nric_problem("characters", field)
    digits = normalise(id_type, number)
    if len(digits) != 12:
        raise _nric_problem("length", field)
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    born = None
    # The century is the latest one that does not put the birth in the future.
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, mm, dd)
        except ValueError:
            raise _nric_problem("date", field) from None
        if candidate <= today:
            born = candidate
            break
    if born is None:
        raise _nric_problem("future", field)
    pb = int(digits[6:8])
    if pb not in VALID_PB_CODES:
        raise _nric_problem("place_of_birth", field)
    sex = "M" if int(digits[-1]) % 2 == 1 else "F"
    return CheckedId(id_type, digits, born, sex, pb)


def check(
    id_type: str,
    number: str,
    *,
    today: date,
    issuing_country: str | None = None,
    field: str = "id_number",
) -> CheckedId:
    """Validate and normalise one identity document, or raise a :class:`Problem`."""
    kind = (id_type or "").strip().upper()
    if kind not in ID_TYPES:
        raise Problem("invalid_id_type", field="id_type")
    if kind in MYKAD_TYPES:
        return check_mykad(kind, number, today=today, field=field)
    normalised = normalise(kind, number)
    if kind == "PASSPORT":
        country = (issuing_country or "").strip().upper()
        if not (5 <= len(normalised) <= 20) or not re.fullmatch(r"[A-Z]{2,3}", country):
            raise Problem("invalid_passport", field=field)
        return CheckedId(kind, normalised, issuing_country=country)
    if not 3 <= len(normalised) <= 30:
        raise Problem("invalid_passport", field=field)
    return CheckedId(kind, normalised, issuing_country=(issuing_country or None))


def check_against(checked: CheckedId, date_of_birth: date | None, sex: str | None) -> None:
    """What the person entered must match what the MyKad number says."""
    if checked.date_of_birth and date_of_birth and checked.date_of_birth != date_of_birth:
        raise Problem("nric_dob_mismatch", field="date_of_birth")
    if checked.sex and sex and checked.sex != sex.upper():
        raise Problem("nric_sex_mismatch", field="sex")


def normalise_name(name: str) -> str:
    """Upper-case, runs of spaces and punctuation folded to one space (the contract's rule)."""
    return re.sub(r"[\W_]+", " ", name.upper()).strip()


def mask(normalised: str) -> str:
    """Shown to people and staff: only the last four characters."""
    return "*" * max(0, len(normalised) - 4) + normalised[-4:]
