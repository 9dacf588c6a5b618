"""The Spark engine (``--engine spark``) gives the DuckDB engine's files: exposures.csv byte for
byte and the same summary.json on every golden case of ``test_rules`` and on random data (the
property test's generator), the same refusals of bad input (file, row, column, problem) with
nothing written, and the same instant for every timestamp text."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings

from sihat.tracing import files
from sihat.tracing import macros as duckdb_macros
from sihat.tracing.errors import BadInput
from sihat.tracing.policy import Policy
from sihat.tracing.spark import engine as spark_engine
from sihat.tracing.spark import macros as spark_macros
from tests.audit.conftest import spark  # noqa: F401 (one session per worker, the audit's)
from tests.tracing import test_input, test_property, test_rules
from tests.tracing.conftest import read_output, write_csv, write_folder

OUTPUTS = ("exposures.csv", "summary.json")


def _both(folder: Path, out: Path, policy: Policy | None = None) -> dict[str, Any]:
    """Run both engines on ``folder``; require the same bytes; DuckDB's summary."""
    summary = files.run(folder, out / "duckdb", policy)
    assert spark_engine.run(folder, out / "spark", policy) == summary
    for name in OUTPUTS:
        want = (out / "duckdb" / name).read_bytes()
        assert (out / "spark" / name).read_bytes() == want, name
    return summary


def _trace_on_both(
    tmp_path: Path,
    visits: list[dict[str, Any]],
    cases: list[dict[str, Any]],
    policy: Policy | None = None,
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """``conftest.trace`` through both engines (their files compared), for ``test_rules``."""
    folder = write_folder(tmp_path / "in", visits, cases)
    _both(folder, tmp_path, policy)
    return read_output(tmp_path / "spark")


GOLDEN = {name: test for name, test in vars(test_rules).items() if name.startswith("test_")}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_cases_identical(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Each golden test of ``test_rules``, its assertions on the Spark engine's files."""
    monkeypatch.setattr(test_rules, "trace", _trace_on_both)
    test: Callable[[Path], None] = GOLDEN[name]
    test(tmp_path)
    assert list(tmp_path.rglob("spark/exposures.csv"))  # the Spark engine ran


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(test_property.data(), test_property.POLICIES)
def test_random_data_identical(
    spark: Any,
    tmp_path_factory: pytest.TempPathFactory,
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    policy: Policy,
) -> None:
    visits, cases = drawn
    tmp = tmp_path_factory.mktemp("random")

    def text(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {k: test_property._text(v) if k.endswith("_at") else v for k, v in row.items()}
            for row in rows
        ]

    folder = write_folder(tmp / "in", text(visits), text(cases))
    _both(folder, tmp, policy)


def _refusal(run: Callable[[Path, Path], Any], folder: Path, out: Path) -> dict[str, Any]:
    with pytest.raises(BadInput) as refused:
        run(folder, out)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []
    return refused.value.as_dict()


def _malformed(line: bytes) -> Callable[[Path], None]:
    def write(folder: Path) -> None:
        head = b"visit_id,individual,premise_id,checked_in_at\n1,A,P,2021-08-01T10:00:00\n"
        (folder / "visits.csv").write_bytes(head + line)

    return write


def _bad_file(file: str, header: list[str], rows: Any) -> Callable[[Path], None]:
    return lambda folder: write_csv(folder / file, header, rows)


def _no_folder(folder: Path) -> None:
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


# The lines of test_input's test of files that are not CSV (its parametrize mark's values).
_NOT_CSV_TEST = test_input.test_a_file_that_is_not_csv_names_its_row
NOT_CSV = [line for line, _ in getattr(_NOT_CSV_TEST, "pytestmark")[0].args[1]]  # noqa: B009
BAD: dict[str, Callable[[Path], None]] = {
    **{f"{b[0]}-{b[4]}-{b[5]}".replace(" ", "-"): _bad_file(*b[:3]) for b in test_input.BAD},
    **{f"not-csv-{i}": _malformed(line) for i, line in enumerate(NOT_CSV)},
    "file-missing": lambda folder: (folder / "cases.csv").unlink(),
    "folder-missing": _no_folder,
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_refused_alike_and_nothing_written(spark: Any, tmp_path: Path, name: str) -> None:
    folder = write_folder(tmp_path / "in", test_input.GOOD_VISITS, test_input.GOOD_CASES)
    BAD[name](folder)
    duck = _refusal(files.run, folder, tmp_path / "out-duckdb")
    sparked = _refusal(spark_engine.run, folder, tmp_path / "out-spark")
    assert sparked == duck


TIMESTAMPS = [
    "2021-08-01T23:30:00", "2021-08-01 23:30", "2021-08-01T16:00:00Z", "2021-08-01T15:59:59z",
    "2021-08-01T12:00:00-05:00", "2021-08-01T10:00:00+0800", "2021-08-01T10:00:00.250+08:00",
    "2021-08-01T10:00:00.1234567+08:00", "2021-08-01T10:00:00 +05", "2021-08-01T10:00:00 Z",
    "2021-08-01T10:00:00-1230", "2021-08-01T10:00:00+5", "1969-12-31T23:59:59.5Z",
    "2021-08-01T24:00", "2021-08-01T24:00:00.000", "2021-12-31T24:00:00Z", "2021-08-01T24:00:01",
    "2021-08-01T24:00:00.5", "2021-02-29T24:00:00", "2021-13-01T10:00:00", "2021-02-29T10:00:00",
    "2021-08-01T25:00:00", "2021-08-01T23:60:00", " 2021-08-01 10:00 ", "2021-08-01T10:00:00\n",
    "2021-08-01T10:00:00\t", "2021-08-01T10:00:00 \n", "2021-08-01T10:00:00\t+05",
    "2021-08-01T10:00:00 \t+05", "01/08/2021", "2021-08-01", "x", "", " ",
]  # fmt: skip


def test_every_timestamp_text_is_the_same_instant(spark: Any) -> None:
    """``ts_us`` and ``my_date`` on Spark give DuckDB's macros' value for every text."""
    con = duckdb.connect(":memory:")
    duckdb_macros.install(con)
    con.execute("CREATE TABLE t (i INTEGER, raw VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(TIMESTAMPS)))
    rows = list(enumerate(TIMESTAMPS))
    spark.createDataFrame(rows, "i int, raw string").createOrReplaceTempView("t")
    spark_macros.install(spark)
    select = "SELECT i, ts_us(raw), my_date(ts_us(raw)) FROM t ORDER BY i"
    want = con.execute(select).fetchall()
    assert any(w[1] is None for w in want) and any(isinstance(w[2], dt.date) for w in want)
    got = [tuple(row) for row in spark.sql(select).collect()]
    for w, g in zip(want, got, strict=True):
        assert g == w, TIMESTAMPS[w[0]]


def test_cli_engine_spark(spark: Any, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", test_input.GOOD_VISITS, test_input.GOOD_CASES)
    args = (str(folder), "--json", "--no-progress")
    code, stdout, _ = test_input.command(*args, "--out", str(tmp_path / "duckdb"))
    assert code == 0
    code, spark_stdout, _ = test_input.command(
        *args, "--out", str(tmp_path / "spark"), "--engine", "spark", "--spark-master", "local[1]"
    )
    assert code == 0 and json.loads(spark_stdout) == json.loads(stdout)
    assert json.loads(stdout)["casual_contacts"] == 1
    for name in OUTPUTS:
        assert (tmp_path / "spark" / name).read_bytes() == (tmp_path / "duckdb" / name).read_bytes()
    (folder / "cases.csv").write_text("case_id,individual\n", encoding="utf-8")
    code, stdout, stderr = test_input.command(
        *args, "--out", str(tmp_path / "bad"), "--engine", "spark"
    )
    assert code == 2 and json.loads(stdout)["column"] == "sample_at"
    assert "cases.csv, row 1, column sample_at" in stderr and not (tmp_path / "bad").exists()
    assert test_input.command(*args, "--out", str(tmp_path / "x"), "--engine", "hadoop")[0] == 2
