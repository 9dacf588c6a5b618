"""Document-aware matching (#18): what identity documents say decides namesakes, twins,
mistyped numbers and the same person under two documents; blocking stays near-linear."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sihat.audit.engine import connect
from sihat.audit.loader import load_extract
from sihat.audit.probable import find_probable
from sihat.audit.quality import simulated_quality
from sihat.audit.simulate import SimulationConfig, simulate
from tests.audit.conftest import account, write_extract


def _pairs(tmp_path: Path, accounts: list[dict[str, Any]]) -> set[tuple[str, str]]:
    con = connect()
    load_extract(con, write_extract(tmp_path / "x", {"accounts": accounts}))
    return {(a, b) for a, b, _ in find_probable(con, 0.9).pairs}


def _low(mysj_id: str, number: str, **over: Any) -> dict[str, Any]:
    """MEI LING LOW, born 1949-10-11, a woman (the issue's namesakes)."""
    row = {"full_name": "LOW MEI LING", "date_of_birth": "1949-10-11", "sex": "F",
           "phone": f"01{hash(mysj_id) % 10}-{abs(hash(number)) % 10_000_000:07d}"}  # fmt: skip
    return account(mysj_id, number, **{**row, **over})


def test_namesakes_with_two_cards_are_two_people(tmp_path: Path) -> None:
    accounts = [
        _low("L1", "491011-07-5432", phone="012-1110001", state="Kedah"),
        _low("L2", "491011-03-8816", phone="013-2220002", state="Perak"),
        # The same name and birthday again, this card unverified: still another person.
        _low("L3", "491011-10-2290", phone="014-3330003", identity_verified="false"),
    ]
    assert _pairs(tmp_path, accounts) == set()


def test_same_email_is_strong_evidence_across_two_cards(tmp_path: Path) -> None:
    accounts = [
        _low("L1", "491011-07-5432", phone="012-1110001", email="meiling.low@example.my"),
        _low("L2", "491011-03-8816", phone="013-2220002", email="MeiLing.Low@example.my "),
    ]
    assert _pairs(tmp_path, accounts) == {("L1", "L2")}


def test_mistyped_card_is_reported_without_a_common_phone(tmp_path: Path) -> None:
    accounts = [
        _low("L1", "491011-07-5432", phone="012-1110001"),
        _low("L2", "491021-07-5432", phone="019-9990009"),  # one digit of the date
        # Two digits swapped, and the name mistyped too: the register could not verify it.
        _low(
            "L3",
            "491011-07-5423",
            phone="017-7770007",
            full_name="Low Mei  Lingg",
            identity_verified="false",
        ),
    ]
    # L2 and L3 are three digits apart: a pair only through L1 (one cluster in the summary).
    assert _pairs(tmp_path, accounts) == {("L1", "L2"), ("L1", "L3")}


def test_twins_with_neighbouring_cards_are_not_reported(tmp_path: Path) -> None:
    accounts = [
        account("T1", "010305-10-1233", full_name="AHMAD HAZIQ BIN ISMAIL",
                date_of_birth="2001-03-05", phone="012-1000001"),
        account("T2", "010305-10-1235", full_name="AHMAD HAZIM BIN ISMAIL",
                date_of_birth="2001-03-05", phone="013-2468002"),
        account("T3", "010305-10-1234", full_name="NUR AIN BINTI ISMAIL", sex="F",
                date_of_birth="2001-03-05", phone="017-8642003"),
        account("C1", "850714-14-1233", full_name="TAN WEI MING", date_of_birth="1985-07-14",
                phone="016-2000001"),
        account("C2", "850714-14-7781", full_name="TAN WEI JIE", date_of_birth="1985-07-14",
                phone="019-7531002"),
    ]  # fmt: skip
    assert _pairs(tmp_path, accounts) == set()


# The five false pairs of bench/audit.py's extract (seed 1, 399,281 accounts): two people each,
# with cards two separate digits apart (no typo) and names the same once variants are folded.
TWO_DIGITS_APART = {
    # Same birthday; an unverified card, a given name two letters off (RIDHWAN, IKHWAN).
    "serial, name two letters off": (
        ("990401-70-7011", "MOHD RIDHWAN BIN ABDULLAH", "1999-04-01", "M", "false"),
        ("990401-00-7091", "MUHAMAD IKHWAN BIN ABDULLAH", "1999-04-01", "M", "true"),
    ),
    # Same birthday, both verified, one name once MOHD and MOHAMED are folded.
    "serial, both verified": (
        ("480828-73-8643", "MOHD SYAFIQ BIN MUHAMMAD", "1948-08-28", "M", "true"),
        ("480828-09-8643", "MOHAMED SYAFIQ BIN MOHD", "1948-08-28", "M", "true"),
    ),
    # Each card agrees with its own account, and the birthdays (or sexes) differ.
    "day and serial": (
        ("741226-74-3787", "JOHN ANAK BUJANG", "1974-12-26", "M", "true"),
        ("741224-76-3787", "JOHN ANAK BUJANG", "1974-12-24", "M", "true"),
    ),
    "year and serial": (
        ("960530-42-2751", "MOHD HAFIZ BIN OTHMAN", "1996-05-30", "M", "true"),
        ("920530-42-2711", "MUHAMAD HAFIZ BIN OTHMAN", "1992-05-30", "M", "true"),
    ),
    "serial and sex digit": (
        ("711214-58-6546", "LEE WEI KOK", "1971-12-14", "F", "true"),
        ("711214-55-6541", "LEE WEI KOK", "1971-12-14", "M", "true"),
    ),
}


@pytest.mark.parametrize("shape", sorted(TWO_DIGITS_APART))
def test_cards_two_separate_digits_apart_are_two_people(tmp_path: Path, shape: str) -> None:
    accounts = [
        account(f"N{i}", number, full_name=name, date_of_birth=born, sex=sex,
                identity_verified=verified, phone=f"01{i}-{7_176_231 + 1_000_000 * i}")
        for i, (number, name, born, sex, verified) in enumerate(TWO_DIGITS_APART[shape])
    ]  # fmt: skip
    assert _pairs(tmp_path, accounts) == set()
    # The same two accounts with one phone: the phone says one person after all.
    accounts[1]["phone"] = accounts[0]["phone"]
    assert _pairs(tmp_path / "one-phone", accounts) == {("N0", "N1")}


def test_each_card_its_own_birthday_or_sex_is_two_people_even_one_digit_apart(
    tmp_path: Path,
) -> None:
    """One digit apart, but each card is its own account's birthday and sex, and these differ:
    two people born two days apart (or a man and a woman), not a typo of one number."""
    accounts = [
        account("D1", "741226-74-3787", full_name="JOHN ANAK BUJANG",
                date_of_birth="1974-12-26", phone="018-1384515"),
        account("D2", "741224-74-3787", full_name="JOHN ANAK BUJANG",
                date_of_birth="1974-12-24", phone="018-3314515"),
        account("S1", "711214-58-6546", full_name="LEE WEI KOK", sex="F",
                date_of_birth="1971-12-14", phone="012-7179855"),
        account("S2", "711214-58-6547", full_name="LEE WEI KOK", sex="M",
                date_of_birth="1971-12-14", phone="019-5219126"),
        # One digit of the serial typed wrong (the card still agrees with its account): one man.
        account("T1", "480828-73-8643", full_name="MOHD SYAFIQ BIN MUHAMMAD",
                date_of_birth="1948-08-28", phone="018-8199519"),
        account("T2", "480828-78-8643", full_name="MOHAMED SYAFIQ BIN MOHD",
                date_of_birth="1948-08-28", phone="013-7939519"),
    ]  # fmt: skip
    assert _pairs(tmp_path, accounts) == {("T1", "T2")}


def test_card_and_passport_must_agree_on_birth_date_sex_and_nationality(tmp_path: Path) -> None:
    card = account("K1", "880412-08-5671", full_name="MOHD FARID BIN ISMAIL",
                   date_of_birth="1988-04-12", phone="012-3330001")  # fmt: skip
    passport = {"id_type": "PASSPORT", "full_name": "MUHAMMAD FARID B. ISMAIL",
                "date_of_birth": "1988-04-12", "phone": "011-4440001"}  # fmt: skip
    accounts = [
        card,
        account("P1", "A12345678", **passport),  # agrees: the same man, no phone in common
        account("P2", "A22345678", **{**passport, "sex": "F"}),  # the card says a man
        account("P3", "A32345678", **{**passport, "nationality": "ID"}),  # a citizen's card
        # The card's own date part says 1988-04-12; this account says 1988-04-21.
        account("K2", "A42345678", **{**passport, "date_of_birth": "1988-04-21"}),
    ]
    assert ("K1", "P1") in _pairs(tmp_path, accounts)
    assert not {("K1", "P2"), ("K1", "P3"), ("K1", "K2")} & _pairs(tmp_path / "again", accounts)


def test_written_variants_of_one_name_match(tmp_path: Path) -> None:
    accounts = [
        account("A1", "760101-14-5672", full_name="LOW MEI LING", sex="F",
                date_of_birth="1976-01-01", phone="012-5550001"),
        account("A2", "X88001", id_type="OTHER", full_name="Mei-Ling LOW", sex="F",
                date_of_birth="1976-01-01", phone="016-5550002"),  # given name first
        account("B1", "700202-10-5674", full_name="SITI NUR AISYAH BINTI ABD RAHMAN", sex="F",
                date_of_birth="1970-02-02", phone="012-6660001"),
        account("B2", "K7000202", id_type="PASSPORT", full_name="SITI NUR AISYAH BT. ABDUL RAHMAN",
                sex="F", date_of_birth="1970-02-02", phone="016-6660002"),
    ]  # fmt: skip
    assert _pairs(tmp_path, accounts) == {("A1", "A2"), ("B1", "B2")}


def test_common_names_keep_comparisons_near_linear(tmp_path: Path) -> None:
    """Three thousand men named MUHAMMAD ALI BIN ABDULLAH: blocking on name and sex would
    compare 4.5 million pairs; the document-aware blocks stay within a few per account."""
    rng = random.Random(3)
    accounts = []
    for i in range(3000):
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
        serial = 2 * rng.randrange(500_000) + 1  # odd: a man
        accounts.append(account(f"M{i:04d}", f"{born:%y%m%d}{serial:06d}",
                                full_name="MUHAMMAD ALI BIN ABDULLAH", date_of_birth=str(born),
                                phone=f"01{i % 10}-{rng.randrange(10**7):07d}"))  # fmt: skip
    con = connect()
    load_extract(con, write_extract(tmp_path / "x", {"accounts": accounts}))
    result = find_probable(con, 0.9)
    assert result.accounts_compared == 3000
    assert result.comparisons_bound < 10 * 3000, result.comparisons_bound
    assert result.pairs == []  # namesakes all: each has his own card and phone


def test_precision_and_recall_on_a_simulated_extract(tmp_path: Path) -> None:
    """The simulator's realistic names, with planted namesakes, twins, cross-document and
    mistyped duplicates (deterministic seed): precision and recall at least 0.95 each."""
    expected = simulate(tmp_path / "x", SimulationConfig(seed=7, scale=0.0005, probable_pairs=80),
                        show_progress=False)  # fmt: skip
    con = connect()
    load_extract(con, tmp_path / "x")
    pairs = find_probable(con, 0.9).pairs
    quality = simulated_quality(expected, pairs)
    assert quality.precision >= 0.95 and quality.recall >= 0.95, quality
    found = {(a, b) for a, b, _ in pairs}
    by_kind = expected["probable_planted_by_kind"]
    assert set(by_kind) == {"cross_document", "mistyped"}
    for kind, pairs in by_kind.items():
        kind_hits = len({(a, b) for a, b in pairs} & found)
        assert pairs and kind_hits >= 0.95 * len(pairs), (kind, kind_hits, len(pairs))
    looks = expected["lookalike_ids"]
    for kind in ("namesake", "twin"):
        assert len(looks[kind]) == 80, kind
        assert not {(a, b) for a, b in looks[kind]} & found, kind
