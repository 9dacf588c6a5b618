"""General rules of the extract: parsing, normalisation, malformed files, absent files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sihat.audit.engine import connect
from sihat.core.clock import MALAYSIA
from tests.audit.conftest import OPEN_PPV, account, dose, write_extract


def _eval(expr: str) -> Any:
    con: duckdb.DuckDBPyConnection = connect()
    return con.execute(f"SELECT {expr}").fetchall()[0][0]


@pytest.mark.parametrize(
    ("text", "malaysia_date"),
    [
        ("2021-08-01T23:30:00", "2021-08-01"),  # no offset: Malaysia time
        ("2021-08-01 23:30:00", "2021-08-01"),
        ("2021-08-01T16:00:00Z", "2021-08-02"),  # UTC 16:00 is midnight in Malaysia
        ("2021-08-01T15:59:59Z", "2021-08-01"),
        ("2021-08-01T12:00:00-05:00", "2021-08-02"),  # 17:00 UTC = 01:00 next day in MY
        ("2021-08-01T10:00:00+0800", "2021-08-01"),
        ("2021-08-01T10:00:00.250+08:00", "2021-08-01"),
    ],
)
def test_timestamp_malaysia_date(text: str, malaysia_date: str) -> None:
    assert str(_eval(f"my_date(ts_utc('{text}'))")) == malaysia_date


def test_timestamp_without_offset_is_malaysia_time() -> None:
    assert str(_eval("ts_utc('2021-08-01 08:00:00')")) == "2021-08-01 00:00:00"
    assert str(_eval("ts_utc('2021-08-01T08:00:00Z')")) == "2021-08-01 08:00:00"


@pytest.mark.parametrize("bad", ["2021-13-01T10:00:00", "01/08/2021 10:00", "2021-08-01", "x"])
def test_unparseable_timestamps_are_null(bad: str) -> None:
    assert _eval(f"ts_utc('{bad}')") is None


@pytest.mark.parametrize(
    ("id_type", "number", "key"),
    [
        ("MYKAD", "850101-14-5678", "850101145678"),
        ("MYPR", " 850101 14 5678 ", "850101145678"),
        ("MYTENTERA", "T850101145678", "850101145678"),
        ("PASSPORT", "a12-345 678", "A12345678"),
        ("OTHER", "x.y/z 9", "XYZ9"),
        ("UNHEARD", "ab-1", "AB1"),
        ("MYKAD", "--", None),
    ],
)
def test_identity_normalisation(id_type: str, number: str, key: str | None) -> None:
    assert _eval(f"norm_id('{id_type}', '{number}')") == key


def test_name_normalisation() -> None:
    assert _eval("norm_name('  Muthu a/l  Samy,  jr. ')") == "MUTHU A L SAMY JR"


def test_booleans_any_case(audit: Any) -> None:
    rows = [
        account("A1", "850101145678", identity_verified="TRUE"),
        account("A2", "850101-14-5678", identity_verified="True"),
        account("A3", "850101145678", identity_verified="FaLsE"),
    ]
    doses = [dose(f"V{i}", mysj_id=f"A{i}") for i in (1, 2, 3)]
    summary = audit({"accounts": rows, "vaccinations": doses})
    assert summary["findings"]["duplicate_accounts"]["accounts"] == 2


def _malformed(cli: Any, tmp_path: Path, files: dict[str, Any]) -> tuple[Any, Path]:
    extract = write_extract(tmp_path / "bad", files)
    out = tmp_path / "out"
    result = cli("audit", "run", extract, "--out", out)
    return result, out


def test_missing_required_column_stops_the_run(cli: Any, tmp_path: Path) -> None:
    rows = [{k: v for k, v in account("A1", "1").items() if k != "status"}]
    result, out = _malformed(cli, tmp_path, {"accounts": rows, "ppv": OPEN_PPV})
    assert result.exit_code == 2
    assert "accounts.csv" in result.stderr and "column status" in result.stderr
    assert not (out / "summary.json").exists()


def test_bad_timestamp_in_required_column_names_row_and_column(cli: Any, tmp_path: Path) -> None:
    rows = [account("A1", "1"), account("A2", "2"), account("A3", "3", created_at="31/12/2021")]
    result, out = _malformed(cli, tmp_path, {"accounts": rows})
    assert result.exit_code == 2
    assert "accounts.csv, row 4, column created_at" in result.stderr
    assert "31/12/2021" in result.stderr
    assert not out.exists() or not (out / "summary.json").exists()
    assert not any(p.name.startswith(".sihat-audit-") for p in tmp_path.iterdir())


@pytest.mark.parametrize(
    ("file", "row", "column"),
    [
        ("accounts", account("A9", "9", identity_verified="yes"), "identity_verified"),
        ("accounts", account("A9", "9", status="DELETED"), "status"),
        ("accounts", account("A1", "9"), "mysj_id"),  # repeats A1: must be unique
        ("accounts", account("A9", "", full_name="X"), "id_number"),  # empty required value
    ],
)
def test_bad_required_values(cli: Any, tmp_path: Path, file: str, row: Any, column: str) -> None:
    result, _ = _malformed(cli, tmp_path, {file: [account("A1", "1"), row]})
    assert result.exit_code == 2
    assert f"{file}.csv, row 3, column {column}" in result.stderr


def test_json_error_on_malformed_extract(cli: Any, tmp_path: Path) -> None:
    extract = write_extract(tmp_path / "bad", {"ppv": [{"ppv_code": "P1", "opened_on": "x"}]})
    result = cli("audit", "run", extract, "--out", tmp_path / "o", "--json", "--no-probable")
    assert result.exit_code == 2
    assert '"row": 2' in result.stdout and '"column": "opened_on"' in result.stdout


def test_optional_malformed_value_is_data_quality_and_missing(audit: Any) -> None:
    doses = [dose("V1"), dose("V2", dose_number="9"), dose("V3", vaccinated_at="1/8/2021")]
    summary = audit({"vaccinations": doses})
    quality = summary["data_quality"]
    assert quality["vaccinations.csv:dose_number"]["rows"] == 1
    assert quality["vaccinations.csv:dose_number"]["first_row"] == 3
    assert quality["vaccinations.csv:vaccinated_at"]["rows"] == 1
    incomplete = summary["findings"]["incomplete_vaccination_records"]
    assert incomplete == {"records": 2, "by_field": {"dose_number": 1, "vaccinated_at": 1}}


def test_invalid_mykad_length_is_reported(audit: Any) -> None:
    accounts = [account("A1", "850101-14-567"), account("A2", "X1", id_type="PASSPORT")]
    summary = audit({"accounts": accounts})
    quality = summary["data_quality"]["accounts.csv:id_number"]
    assert quality["rows"] == 1 and quality["first_row"] == 2


def test_missing_optional_column_reads_as_empty(audit: Any) -> None:
    doses = [{"record_id": "V1", "ppv_code": "P1"}]
    summary = audit({"vaccinations": doses})
    assert summary["findings"]["incomplete_vaccination_records"]["records"] == 1
    by_field = summary["findings"]["incomplete_vaccination_records"]["by_field"]
    assert set(by_field) == {
        "id_type", "id_number", "dose_number", "vaccine_brand", "batch_no",
        "vaccinator_id", "vaccinated_at", "uploaded_at",
    }  # fmt: skip
    assert summary["data_quality"] == {}


def test_absent_files_are_not_run_never_zero(audit: Any) -> None:
    summary = audit({"vaccinations": [dose("V1")]})
    findings = summary["findings"]
    for key in ("duplicate_accounts", "vaccinated_after_ppv_closed", "unknown_ppv",
                "staff_changes_outside_app", "bulk_downloads", "intrusion_attempts",
                "irregular_payments"):  # fmt: skip
        assert findings[key] == {"status": "not run"}, key
    assert findings["uploaded_before_vaccination"] == {"records": 0}
    assert summary["outputs"]["registrations_by_channel"] == {"status": "not run"}
    assert summary["outcomes"] == {"status": "not run"}
    assert "accounts.csv" in summary["run"]["absent_files"]


def test_run_records_inputs(audit: Any) -> None:
    summary = audit({"vaccinations": [dose("V1"), dose("V2")], "ppv": OPEN_PPV})
    files = summary["run"]["input_files"]
    assert files["vaccinations"]["rows"] == 2 and files["ppv"]["rows"] == 1
    assert len(files["vaccinations"]["sha256"]) == 64
    assert summary["run"]["sihat_version"]
    assert summary["run"]["parameters"]["threshold_days"] == 30
    assert summary["run"]["started_at"] <= summary["run"]["finished_at"]
    assert summary["_exit"] == 0


def test_unknown_columns_ignored_and_quoting(audit: Any) -> None:
    doses = [dose("V1", batch_no='PF "A", 1', extra_column="whatever")]
    summary = audit({"vaccinations": doses})
    assert summary["findings"]["incomplete_vaccination_records"]["records"] == 0


_CON = connect()


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2023, 12, 31)),
    offset_minutes=st.sampled_from([None, 0, 480, -300, 330, 600, -720]),
)
def test_timestamp_dates_match_python(moment: datetime, offset_minutes: int | None) -> None:
    """Any ISO timestamp, with or without offset: same instant and Malaysia date as Python."""
    moment = moment.replace(microsecond=0)
    if offset_minutes is None:
        text, aware = moment.isoformat(), moment.replace(tzinfo=MALAYSIA)
    else:
        zone = timezone(timedelta(minutes=offset_minutes))
        aware = moment.replace(tzinfo=zone)
        text = aware.isoformat().replace("+00:00", "Z")
    utc, my_day = _CON.execute("SELECT ts_utc(?), my_date(ts_utc(?))", [text, text]).fetchall()[0]
    assert utc == aware.astimezone(UTC).replace(tzinfo=None)
    assert my_day == aware.astimezone(MALAYSIA).date()
