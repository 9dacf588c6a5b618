"""MyKad rules: digits, real dates, place-of-birth codes, derived sex and date of birth."""

from __future__ import annotations

from datetime import date

import pytest

from sihat.core.errors import Problem
from sihat.identity import documents

TODAY = date(2026, 11, 26)


def check(number: str, id_type: str = "MYKAD") -> documents.CheckedId:
    return documents.check(id_type, number, today=TODAY)


def code_of(number: str, id_type: str = "MYKAD") -> str:
    with pytest.raises(Problem) as caught:
        check(number, id_type)
    return caught.value.code


@pytest.mark.parametrize("raw", ["900101-14-5677", "900101 14 5677", "900101145677"])
def test_separators_are_tolerated(raw: str) -> None:
    checked = check(raw)
    assert checked.normalised == "900101145677"
    assert checked.date_of_birth == date(1990, 1, 1)
    assert checked.sex == "M"
    assert checked.birth_state == "W.P. Kuala Lumpur"


def test_even_last_digit_is_female_and_century_is_inferred() -> None:
    checked = check("050315-10-1234")
    assert checked.sex == "F"
    assert checked.date_of_birth == date(2005, 3, 15)
    assert check("261201-10-1235").date_of_birth == date(1926, 12, 1)


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("90010114567", "length"),
        ("9001011456789", "length"),
        ("900101-14-567A", "characters"),
        ("901301-14-5677", "date"),
        ("900230-14-5677", "date"),
        ("010229-14-5677", "date"),
        ("900101-00-5677", "place_of_birth"),
        ("900101-17-5677", "place_of_birth"),
        ("900101-20-5677", "place_of_birth"),
        ("900101-69-5677", "place_of_birth"),
        ("900101-70-5677", "place_of_birth"),
        ("900101-80-5677", "place_of_birth"),
        ("900101-96-5677", "place_of_birth"),
    ],
)
def test_invalid_numbers_are_refused(number: str, reason: str) -> None:
    with pytest.raises(Problem) as caught:
        check(number)
    assert caught.value.code == "invalid_nric"
    assert caught.value.detail_en.endswith(documents._REASONS[reason][0] + ".")
    assert caught.value.detail_ms


def test_leap_day_is_a_real_date() -> None:
    assert check("000229-01-0001").date_of_birth == date(2000, 2, 29)


@pytest.mark.parametrize("pb", [1, 16, 21, 59, 60, 71, 82, 93, 98, 99])
def test_valid_place_of_birth_codes(pb: int) -> None:
    assert check(f"900101{pb:02d}5677").place_of_birth == pb


def test_same_rules_for_every_mykad_type() -> None:
    for kind in ("MYPR", "MYKAS", "MYTENTERA"):
        assert check("900101-14-5677", kind).normalised == "900101145677"
        assert code_of("901301-14-5677", kind) == "invalid_nric"


def test_entered_date_of_birth_and_sex_must_match() -> None:
    checked = check("900101-14-5677")
    documents.check_against(checked, date(1990, 1, 1), "M")
    with pytest.raises(Problem) as caught:
        documents.check_against(checked, date(1990, 1, 2), "M")
    assert caught.value.code == "nric_dob_mismatch"
    with pytest.raises(Problem) as caught:
        documents.check_against(checked, date(1990, 1, 1), "F")
    assert caught.value.code == "nric_sex_mismatch"


def test_passport_needs_country_and_is_normalised() -> None:
    checked = documents.check("PASSPORT", " a12-345 678 ", today=TODAY, issuing_country="sg")
    assert checked.normalised == "A12345678"
    assert checked.issuing_country == "SG"
    with pytest.raises(Problem) as caught:
        documents.check("PASSPORT", "A1234567", today=TODAY)
    assert caught.value.code == "invalid_passport"


def test_unknown_type_is_refused() -> None:
    with pytest.raises(Problem) as caught:
        documents.check("DRIVING", "123", today=TODAY)
    assert caught.value.code == "invalid_id_type"


def test_contract_normalisation() -> None:
    assert documents.normalise("MYKAD", "90-01 01 14 5677") == "900101145677"
    assert documents.normalise("OTHER", "ab-12 cd") == "AB12CD"
    assert documents.normalise_name("  Siti   Nur-Aisyah  binti  Ahmad ") == (
        "SITI NUR AISYAH BINTI AHMAD"
    )
    assert documents.mask("900101145677") == "********5677"
