"""The Spark engine gives the DuckDB engine's figures: the same summary, the same exception
files byte for byte, the same refusals of a malformed extract, the same parsing of every value."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sihat.audit.engine import Parameters, RunResult, connect, run_audit
from sihat.audit.loader import MalformedExtract
from sihat.audit.simulate import SimulationConfig, simulate
from sihat.audit.spark import macros
from tests.audit.conftest import OPEN_PPV, account, dose, write_extract
from tests.audit.test_probable_documents import TWO_DIGITS_APART

# What may differ between two runs: when they ran, and which engine ran them.
VOLATILE = ("started_at", "finished_at", "engine", "spark_version")


def _both(extract: Path, out: Path, params: Parameters) -> tuple[RunResult, RunResult]:
    duck = run_audit(extract, out / "duckdb", params, show_progress=False)
    spark = run_audit(extract, out / "spark", params, show_progress=False, engine="spark")
    return duck, spark


def _stable(summary: dict[str, Any]) -> str:
    run = {k: v for k, v in summary["run"].items() if k not in VOLATILE}
    return json.dumps({**summary, "run": run}, indent=1, sort_keys=True, default=str)


def _assert_same(out: Path, duck: RunResult, spark: RunResult) -> None:
    assert spark.summary["run"]["engine"] == "spark"
    assert _stable(spark.summary) == _stable(duck.summary)
    assert spark.exit_code == duck.exit_code
    names = sorted(p.name for p in (out / "duckdb" / "exceptions").iterdir())
    assert names == sorted(p.name for p in (out / "spark" / "exceptions").iterdir())
    for name in names:
        want = (out / "duckdb" / "exceptions" / name).read_bytes()
        assert (out / "spark" / "exceptions" / name).read_bytes() == want, name


def test_simulated_extract_identical(spark: Any, tmp_path: Path) -> None:
    extract = tmp_path / "extract"
    simulate(extract, SimulationConfig(seed=7, scale=0.0001), show_progress=False)
    duck, sparked = _both(extract, tmp_path, Parameters())
    _assert_same(tmp_path, duck, sparked)
    findings = sparked.summary["findings"]
    assert findings["duplicate_accounts"]["individuals"] > 0
    assert findings["duplicate_accounts"]["probable"]["pair_count"] > 0
    assert sparked.summary["outcomes"]["checkins_total"] > 0


def test_edge_values_identical(spark: Any, tmp_path: Path) -> None:
    """Offsets, punctuation, bad optional values, short MyKad numbers, gaps, closures."""
    accounts = [
        account("A1", "850101-14-5678", full_name="Siti  bt ALI!", created_at="2021-01-01T00:00Z"),
        account("A2", "850101145678", created_at="2021-01-01T23:59:59.5-0300", phone="+60 12-345"),
        account("A3", "12345", date_of_birth="1985-02-30", sex="X", identity_verified="TRUE"),
        account("A4", "P-77", id_type="passport", created_at="2021-06-01 08:00"),
    ]
    doses = [
        dose("V1", mysj_id="A1", id_number="850101-14-5678"),
        dose("V2", mysj_id="A2", vaccinated_at="2021-08-01T16:00:00Z"),
        dose("V3", ppv_code="P9", uploaded_at="2021-07-31T23:00:00+0800"),
        dose("V4", vaccinated_at="2020-12-31", uploaded_at="2021-03-01T00:00:00+08"),
        dose("V5", dose_number="9", batch_no="", vaccinated_at="1/8/2021"),
        dose("V6", ppv_code="P2", vaccinated_at="2021-09-02T00:30:00+08:00"),
    ]
    ppv = [*OPEN_PPV, {"ppv_code": "P2", "opened_on": "2021-01-01", "closed_on": "2021-09-01"}]
    payments = [
        {"payment_id": "Y1", "vendor": "V", "service": "SMS", "amount_myr": "1234.505",
         "approver_limit_myr": "1000", "approved_at": "2021-05-01T07:00:00+08:00",
         "invoice_date": "2021-05-01", "verified_at": "2021-05-02T00:00:00Z"},
        {"payment_id": "Y2", "vendor": "V", "service": "maps_api", "amount_myr": "-0.5",
         "contract_ref": "C1", "verified_by": "u", "approved_by": "U"},
    ]  # fmt: skip
    files = {"accounts": accounts, "vaccinations": doses, "ppv": ppv, "payments": payments}
    extract = write_extract(tmp_path / "extract", files)
    duck, sparked = _both(extract, tmp_path, Parameters(probable=False, threshold_days=20))
    _assert_same(tmp_path, duck, sparked)
    assert sparked.summary["data_quality"]  # the bad optional values were seen


def test_probable_card_rules_identical(spark: Any, tmp_path: Path) -> None:
    """The card rules (a typo is one edit; each card its own account's differing birthday or
    sex is two people) decide the same pairs on Spark: the five false pairs of the bench's
    extract stay out, one phone in common and a one-digit typo are reported."""
    accounts = []
    for n, shape in enumerate(sorted(TWO_DIGITS_APART)):
        for i, (number, name, born, sex, verified) in enumerate(TWO_DIGITS_APART[shape]):
            accounts.append(account(f"N{n}{i}", number, full_name=name, date_of_birth=born,
                                    sex=sex, identity_verified=verified,
                                    phone=f"01{i}-{1_000_000 * n + 10 * i:07d}"))  # fmt: skip
    syafiq = {"full_name": "MOHD SYAFIQ BIN MUHAMMAD", "date_of_birth": "1962-01-15"}
    accounts += [
        # Two verified cards two digits apart, but one phone: one person after all.
        account("P0", "620115-73-8643", **syafiq, phone="011-5550000"),
        account("P1", "620115-09-8643", **syafiq, phone="011-5550000"),
        # A digit of the serial typed wrong, no phone in common: one man.
        account("T1", "550301-73-8643", full_name="MOHD SYAFIQ BIN MUHAMMAD",
                date_of_birth="1955-03-01", phone="018-8199519"),
        account("T2", "550301-78-8643", full_name="MOHAMED SYAFIQ BIN MOHD",
                date_of_birth="1955-03-01", phone="013-7939519"),
    ]  # fmt: skip
    files = {"accounts": accounts, "vaccinations": [dose("V1", mysj_id="T1")]}
    extract = write_extract(tmp_path / "extract", files)
    duck, sparked = _both(extract, tmp_path, Parameters())
    _assert_same(tmp_path, duck, sparked)
    pairs = sparked.summary["findings"]["duplicate_accounts"]["probable"]["pairs"]
    assert [(a, b) for a, b, _ in pairs] == [("P0", "P1"), ("T1", "T2")]


@pytest.mark.parametrize(
    "files",
    [
        {"accounts": [account("A1", "1"), account("A2", "2", created_at="31/12/2021")]},
        {"accounts": [account("A1", "1"), account("A1", "9")]},
        {"accounts": [account("A1", "1"), account("A9", "", full_name="X")]},
        {"ppv": [{"ppv_code": "P1"}]},
        {"vaccinations": [dose("V1"), dose("V1", batch_no="B")]},
    ],
    ids=["bad-timestamp", "repeated-id", "empty-required", "missing-column", "repeated-record"],
)
def test_malformed_extract_refused_alike(spark: Any, tmp_path: Path, files: Any) -> None:
    extract = write_extract(tmp_path / "extract", files)
    refusals = []
    for engine in ("duckdb", "spark"):
        with pytest.raises(MalformedExtract) as refused:
            run_audit(extract, tmp_path / engine, Parameters(), show_progress=False,
                      engine=engine)  # fmt: skip
        refusals.append(refused.value.as_dict())
        assert not (tmp_path / engine / "summary.json").exists()
    assert refusals[0] == refusals[1]


RAW = [
    "2021-08-01T23:30:00", "2021-08-01 23:30", "2021-08-01T16:00:00Z", "2021-08-01T15:59:59z",
    "2021-08-01T12:00:00-05:00", "2021-08-01T10:00:00+0800", "2021-08-01T10:00:00.250+08:00",
    "2021-08-01T10:00:00 +05", "2021-13-01T10:00:00", "2021-02-29", "2021-02-28", "01/08/2021",
    " 2021-08-01 ", "2021-08-01\n", "x", "", " ", "+12", "-0", "0012", "1.005", "-1234.5",
    "12.", "1e3", "TRUE", "False", "yes", "850101-14-5678", "a12-345 678", "Siti  binti ALI!",
    "O'Neil -- Jr.", "ÉLODIE", "123456789012345678", "1234567890123456789",
]  # fmt: skip
EXPRESSIONS = [
    "CAST(ts_utc(raw) AS VARCHAR)", "CAST(my_date(ts_utc(raw)) AS VARCHAR)",
    "CAST(parse_date(raw) AS VARCHAR)", "CAST(parse_int(raw) AS VARCHAR)",
    "CAST(parse_decimal(raw) AS VARCHAR)", "CAST(parse_bool(raw) AS VARCHAR)",
    "norm_id('MYKAD', raw)", "norm_id('PASSPORT', raw)", "norm_name(raw)",
]  # fmt: skip


def test_every_parser_agrees(spark: Any) -> None:
    """The Spark functions of ``macros.py`` give DuckDB's macros' value for every text."""
    con = connect()
    con.execute("CREATE TABLE t (i INTEGER, raw VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(RAW)))
    spark.createDataFrame(list(enumerate(RAW)), "i int, raw string").createOrReplaceTempView("t")
    macros.install(spark)
    select = f"SELECT i, {', '.join(EXPRESSIONS)} FROM t ORDER BY i"
    want = [tuple(row) for row in con.execute(select).fetchall()]
    got = [
        tuple(row)
        for row in spark.sql(macros.translate(select).replace("VARCHAR", "STRING")).collect()
    ]
    for w, g in zip(want, got, strict=True):
        assert g == w, RAW[w[0]]


def test_cli_engine_option(spark: Any, cli: Any, tmp_path: Path) -> None:
    extract = write_extract(tmp_path / "bad", {"ppv": [{"ppv_code": "P1", "opened_on": "x"}]})
    args = ("audit", "run", extract, "--out", tmp_path / "o", "--json", "--no-progress")
    result = cli(*args, "--engine", "spark")
    assert result.exit_code == 2
    assert '"row": 2' in result.stdout and '"column": "opened_on"' in result.stdout
    assert cli(*args, "--engine", "hadoop").exit_code == 2  # not an engine: refused by typer
