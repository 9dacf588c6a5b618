"""The Python API the live job calls: rows (mappings with datetimes) or DuckDB relations."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from sihat.tracing.engine import Exposure, casual_contacts
from sihat.tracing.errors import BadInput

UTC = dt.UTC


def test_rows_with_aware_and_naive_datetimes() -> None:
    visits = [
        {  # aware: 02:00Z is 10:00 in Malaysia
            "visit_id": 1,
            "individual": 100,
            "premise_id": 7,
            "checked_in_at": dt.datetime(2021, 8, 1, 2, 0, tzinfo=UTC),
            "checked_out_at": None,
        },
        {  # naive: Malaysia time
            "visit_id": 2,
            "individual": 200,
            "premise_id": 7,
            "checked_in_at": dt.datetime(2021, 8, 1, 10, 45),
        },
    ]
    cases = [{"case_id": 5, "individual": 100, "sample_at": dt.datetime(2021, 8, 2, tzinfo=UTC)}]
    result = casual_contacts(visits, cases)
    assert result.exposures == [Exposure("5", "200", "7", "1", "2", 45, dt.date(2021, 8, 1))]
    assert result.summary["casual_contacts"] == 1


def test_relations_of_the_callers_connection() -> None:
    con = duckdb.connect(":memory:")
    visits = con.sql(
        "SELECT * FROM (VALUES ('1', 'A', 'P', 0::BIGINT, NULL::BIGINT), "
        "('2', 'B', 'P', 600000000::BIGINT, NULL::BIGINT)) "
        "AS t(visit_id, individual, premise_id, checked_in_us, checked_out_us)"
    )
    cases = con.sql(
        "SELECT * FROM (VALUES ('K', 'A', 86400000000::BIGINT, NULL::BIGINT, NULL::BIGINT)) "
        "AS t(case_id, individual, sample_us, onset_us, isolated_us)"
    )
    con.execute("CREATE TABLE exposures AS SELECT 'mine' AS owner")  # the caller's own table
    result = casual_contacts(visits, cases, con=con)
    assert [(e.contact_individual, e.overlap_minutes) for e in result.exposures] == [("B", 60)]
    assert con.sql("SELECT owner FROM exposures").fetchall() == [("mine",)]
    assert [n for (n,) in con.sql("SHOW TABLES").fetchall()] == ["exposures"]
    with pytest.raises(ValueError, match="con="):
        casual_contacts(visits, cases)


def test_a_repeated_id_or_missing_value_is_bad_input() -> None:
    at = dt.datetime(2021, 8, 1, 10, 0)
    visit = {"visit_id": "1", "individual": "A", "premise_id": "P", "checked_in_at": at}
    with pytest.raises(BadInput, match=r"visits, row 2, column visit_id: .*repeats"):
        casual_contacts([visit, visit], [])
    with pytest.raises(BadInput, match=r"cases, row 1, column sample_at: value missing"):
        casual_contacts([visit], [{"case_id": "K", "individual": "A"}])
    with pytest.raises(BadInput, match=r"visits, row 1, column checked_in_at: not a datetime"):
        casual_contacts([{**visit, "checked_in_at": "2021-08-01"}], [])
