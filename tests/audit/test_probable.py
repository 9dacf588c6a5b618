"""Probable duplicate accounts (Splink): pairs across identity keys, determinism, FEBRL quality."""

from __future__ import annotations

from typing import Any

import pytest

from sihat.audit.engine import connect
from sihat.audit.probable import find_probable
from sihat.audit.quality import febrl_quality, load_febrl
from sihat.core import refdata
from tests.audit.conftest import account, dose

FEBRL = refdata.path("vectors", "febrl")


def _people() -> list[dict[str, Any]]:
    return [
        account("A1", "850101145679", full_name="Ahmad bin Ali", phone="012-3456789",
                email="ahmad@example.my"),
        account("A2", "850101-14-5679", full_name="AHMAD BIN ALI", phone="0123456789"),
        # Same person, passport and a typo in the name: probable, different identity key.
        account("A3", "K1234567", id_type="PASSPORT", full_name="Ahmad bin Alli",
                phone="+60 12 345 6789", email="ahmad@example.my"),
        # Same name, different person (other birth date, phone, email): not a pair.
        account("N1", "770707077777", full_name="Ahmad bin Ali", date_of_birth="1977-07-07",
                phone="019-8887777", email="other@example.my"),
        account("S1", "900202101112", full_name="Siti Aminah", sex="F",
                date_of_birth="1990-02-02", phone="013-1112222"),
    ]  # fmt: skip


def test_probable_pairs_only_across_identity_keys(audit: Any) -> None:
    doses = [dose(f"V{i}", mysj_id=m) for i, m in enumerate(("A1", "A2", "A3", "N1"))]
    summary = audit({"accounts": _people(), "vaccinations": doses}, probable=True)
    duplicates = summary["findings"]["duplicate_accounts"]
    probable = duplicates["probable"]
    assert [p[:2] for p in probable["pairs"]] == [["A1", "A3"], ["A2", "A3"]]
    assert all(p[2] >= 0.9 for p in probable["pairs"])
    assert probable["clusters"] == [["A1", "A2", "A3"]]
    # never mixed into the certain counts: only A1+A2 (same key) are certain
    assert duplicates["individuals"] == 1 and duplicates["accounts"] == 2


def test_probable_is_deterministic_and_thresholded(audit: Any) -> None:
    # S2: Siti's passport, name and birthday only (no phone or email in common): a weaker pair.
    siti = account("S2", "A7654321", id_type="PASSPORT", full_name="SITI AMINAH", sex="F",
                   date_of_birth="1990-02-02", phone="017-5550000")  # fmt: skip
    files = {"accounts": [*_people(), siti], "vaccinations": [dose("V1", mysj_id="A1")]}
    first = audit(files, probable=True)["findings"]["duplicate_accounts"]["probable"]
    again = audit(files, probable=True)["findings"]["duplicate_accounts"]["probable"]
    assert first == again
    strict = audit(files, probable=True, probable_threshold=0.999999999)
    assert strict["findings"]["duplicate_accounts"]["probable"]["pair_count"] < len(first["pairs"])


@pytest.mark.parametrize("name", ["dataset1.csv", "dataset2.csv", "dataset3.csv"])
def test_febrl_precision_and_recall(name: str) -> None:
    if not (FEBRL / name).is_file():
        pytest.fail(f"FEBRL vectors not found at {FEBRL}")
    con = connect()
    load_febrl(con, FEBRL / name)
    quality = febrl_quality(con, find_probable(con, 0.9).pairs)
    assert quality.precision >= 0.98, quality
    assert quality.recall >= 0.90, quality
