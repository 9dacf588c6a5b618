"""The engine's shortcuts for speed keep the contract's answer (the figures are bench/tracing.py's).

Id columns that are all plain numbers are BIGINT (as the file's first rows suggest, then the
whole file confirms), and the engine drops the SQL's ``id_number(name) NULLS LAST`` sort key for
them (their own order is the numeric one).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from sihat.tracing import engine, files, loader
from sihat.tracing.errors import BadInput
from tests.tracing.conftest import read_output, write_folder

MY = dt.timezone(dt.timedelta(hours=8))


def _at(hour: int, minute: int) -> int:
    return engine.instant_us(dt.datetime(2021, 8, 1, hour, minute, tzinfo=MY)) or 0


def test_every_number_key_of_the_sql_names_an_input_id_column() -> None:
    sql = engine.SQL_FILE.read_text("utf-8")
    keyed = set(engine.NUMBER_KEY.findall(sql))
    assert keyed == set(engine.ID_SOURCES)
    columns = {(spec.table, col.name) for spec in loader.FILES for col in spec.columns}
    assert set(engine.ID_SOURCES.values()) <= columns


def test_only_the_keys_of_bigint_ids_are_dropped() -> None:
    con = duckdb.connect(":memory:")
    # Tables of the same names outside the temporary schema do not count: the SQL reads the
    # engine's temporary tables, which shadow them.
    con.execute("CREATE TABLE visits (visit_id VARCHAR, individual BIGINT)")
    con.execute("CREATE TEMP TABLE visits (visit_id BIGINT, individual VARCHAR)")
    con.execute("CREATE TEMP TABLE cases (case_id VARCHAR, individual VARCHAR)")
    numbers = engine.number_ids(con)
    assert numbers == {"contact_visit_id", "case_visit_id"}
    sql = "ORDER BY id_number(case_id) NULLS LAST, case_id, id_number(case_visit_id) NULLS LAST, x"
    assert engine.without_number_keys(sql, numbers) == (
        "ORDER BY id_number(case_id) NULLS LAST, case_id, x"
    )


def test_number_ids_order_as_numbers_without_the_key() -> None:
    """BIGINT ids (9 < 10 < 100, unlike their text): ties go to the smaller contact visit id
    and rows come in case id order, as numbers."""
    con = duckdb.connect(":memory:")
    visits = con.sql(
        "SELECT * FROM (VALUES "
        f"(1::BIGINT, 'A', 'P', {_at(10, 0)}, {_at(10, 30)}), "
        f"(100::BIGINT, 'X', 'Q', {_at(12, 0)}, {_at(12, 30)}), "
        f"(10::BIGINT, 'D', 'P', {_at(10, 40)}, {_at(11, 0)}), "
        f"(9::BIGINT, 'D', 'P', {_at(10, 40)}, {_at(11, 0)}), "
        f"(20::BIGINT, 'D', 'Q', {_at(12, 40)}, {_at(13, 0)})) "
        "AS t(visit_id, individual, premise_id, checked_in_us, checked_out_us)"
    )
    sample = _at(23, 0)
    cases = con.sql(
        "SELECT * FROM (VALUES "
        f"(10::BIGINT, 'A', {sample}, NULL::BIGINT, NULL::BIGINT), "
        f"(2::BIGINT, 'X', {sample}, NULL::BIGINT, NULL::BIGINT)) "
        "AS t(case_id, individual, sample_us, onset_us, isolated_us)"
    )
    result = engine.casual_contacts(visits, cases, con=con)
    assert [(e.case_id, e.contact_individual, e.contact_visit_id) for e in result.exposures] == [
        (2, "D", 20),
        (10, "D", 9),
    ]


def _visits(n: int) -> list[dict[str, object]]:
    return [
        {"visit_id": i, "individual": f"p{i}", "premise_id": "L1",
         "checked_in_at": f"2021-08-01T{i % 24:02d}:{i % 60:02d}:00"}
        for i in range(1, n + 1)
    ]  # fmt: skip


def test_ids_that_turn_out_text_after_the_first_rows_print_as_written(tmp_path: Path) -> None:
    """Visit ids are numbers for longer than the loader's first look, then one is text: the
    column is text, every id printed as written (not refused as missing)."""
    visits = _visits(loader._GLANCE + 500)
    visits[-1].update(visit_id="0099", individual="K", premise_id="L2")
    visits[-1]["checked_in_at"] = "2021-08-01T10:00:00"
    visits[-2].update(visit_id="v-9", individual="C", premise_id="L2")
    visits[-2]["checked_in_at"] = "2021-08-01T10:10:00"
    cases = [{"case_id": 1, "individual": "K", "sample_at": "2021-08-02T09:00:00"}]
    folder = write_folder(tmp_path / "in", visits, cases)
    files.run(folder, tmp_path / "out")
    rows, _ = read_output(tmp_path / "out")
    assert [tuple(r.values()) for r in rows] == [
        ("1", "C", "L2", "0099", "v-9", "60", "2021-08-01")
    ]


@pytest.mark.parametrize("missing", [5, loader._GLANCE + 300])
def test_a_missing_number_id_is_refused_at_its_row(tmp_path: Path, missing: int) -> None:
    visits = _visits(loader._GLANCE + 500)
    visits[missing]["visit_id"] = " "
    cases = [{"case_id": 1, "individual": "p2", "sample_at": "2021-08-02T09:00:00"}]
    folder = write_folder(tmp_path / "in", visits, cases)
    with pytest.raises(BadInput) as raised:
        files.run(folder, tmp_path / "out")
    assert (raised.value.file, raised.value.row, raised.value.column) == (
        "visits.csv",
        missing + 2,
        "visit_id",
    )
    assert "missing" in raised.value.problem


@pytest.mark.parametrize(
    ("ids", "row"),
    [
        ([1, 2, 3, 5, 8], None),  # rising: proved unique in one pass
        ([8, 1, 5, 3, 2], None),  # not rising, still unique
        ([1, 2, 3, 3, 8], 5),  # a repeat right after its first
        ([1, 2, 3, 5, 2], 6),  # a repeat that breaks the rise later
        (["a", "b", "c", "b", "d"], 5),
    ],
)
def test_repeated_ids_are_found_whether_or_not_ids_rise(ids: list[object], row: int | None) -> None:
    con = duckdb.connect(":memory:")
    values = ", ".join(f"({v!r}, {i + 2})" for i, v in enumerate(ids))
    con.execute(f"CREATE TEMP TABLE t AS SELECT * FROM (VALUES {values}) AS v(id, _row)")
    if row is None:
        engine.check_unique(con, "t", "id", "t.csv")
        return
    with pytest.raises(BadInput) as raised:
        engine.check_unique(con, "t", "id", "t.csv")
    assert (raised.value.file, raised.value.row, raised.value.column) == ("t.csv", row, "id")
