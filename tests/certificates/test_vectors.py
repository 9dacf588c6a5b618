"""Every case of the EU dgc-testdata through sihat's decoder and verifier checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .exclusions import EXCLUDED
from .vectors import VECTORS, Outcome, agreement_table, case_files, run_all

DOCS = Path(__file__).resolve().parents[2] / "docs" / "certificates.md"
TABLE_START, TABLE_END = "<!-- vector-table:start -->", "<!-- vector-table:end -->"


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    return run_all()


def test_every_case_file_with_expectations_is_run(outcomes: list[Outcome]) -> None:
    with_expectations = {
        p.relative_to(VECTORS).as_posix()
        for p in case_files()
        if isinstance(json.loads(p.read_text(encoding="utf-8")).get("EXPECTEDRESULTS"), dict)
    }
    assert len(with_expectations) > 500
    assert {o.case for o in outcomes} == with_expectations
    countries = {o.country for o in outcomes}
    assert {"common", "NL", "PL", "DE", "AT", "FR"} <= countries
    assert len(countries) >= 30


def test_agreement_is_at_least_99_percent(outcomes: list[Outcome]) -> None:
    checked = [o for o in outcomes if (o.case, o.flag) not in EXCLUDED]
    disagreeing = [o for o in checked if not o.agrees]
    agreement = 1 - len(disagreeing) / len(checked)
    listing = "\n".join(
        f"{o.case} {o.flag} expected={o.expected} got={o.actual} {o.detail}" for o in disagreeing
    )
    assert agreement >= 0.99, f"agreement {agreement:.4f}; disagreeing:\n{listing}"


def test_every_flag_kind_is_checked_both_ways(outcomes: list[Outcome]) -> None:
    """The run exercises refusals, not just acceptances: each flag has passing cases, and the
    verifier refuses the published negative cases of the common set."""
    flags = {o.flag for o in outcomes}
    assert len(flags) == 9
    negatives = [o for o in outcomes if not o.expected and o.case.startswith("common/")]
    assert len(negatives) >= 15
    assert all(o.agrees for o in negatives), [o.case for o in negatives if not o.agrees]


def test_exclusions_name_real_cases_that_still_disagree(outcomes: list[Outcome]) -> None:
    by_key = {(o.case, o.flag): o for o in outcomes}
    missing = [key for key in EXCLUDED if key not in by_key]
    assert not missing, f"exclusions naming no case: {missing}"
    now_agree = [key for key in EXCLUDED if by_key[key].agrees]
    assert not now_agree, f"excluded cases that now agree (remove them): {now_agree}"


def test_docs_hold_the_current_agreement_table(outcomes: list[Outcome]) -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text
    current = text.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip()
    assert current == agreement_table(outcomes, EXCLUDED), (
        "docs/certificates.md is stale: regenerate the table with "
        "`.venv/bin/python -m tests.certificates.vectors`"
    )
