"""``sihat report trace``: casual contacts notified per day in MoH's trace_malaysia.csv."""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta
from pathlib import Path

from sihat.core import clock, refdata
from sihat.risk.exposures import ExposureIn, record_exposures
from sihat.risk.report import write_trace
from tests import factories

MOH = refdata.path("open", "moh", "mysejahtera", "trace_malaysia.csv")


def rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_trace_rows_count_distinct_people_notified_each_day(session, tmp_path: Path) -> None:
    a, b, c = (factories.sign_up(session).person_id for _ in range(3))
    first = datetime.combine(date(2026, 11, 2), datetime.min.time(), clock.MALAYSIA)
    with clock.frozen(first + timedelta(hours=9)):
        record_exposures(
            session,
            [
                ExposureIn("CASUAL", "C-1", a, date(2026, 11, 1), "P-1", 20),
                ExposureIn("CASUAL", "C-2", a, date(2026, 11, 1), "P-2", 15),  # same person
                ExposureIn("CASUAL", "C-1", b, date(2026, 11, 1), "P-1", 30),
                ExposureIn("CLOSE", "C-1", c, date(2026, 11, 1)),  # not a casual contact
            ],
        )
    with clock.frozen(first + timedelta(days=2, hours=9)):
        record_exposures(session, [ExposureIn("CASUAL", "C-3", c, date(2026, 11, 3), "P-3", 5)])
    path = write_trace(session, tmp_path)
    got = rows(path)
    assert got[0] == rows(MOH)[0] == ["date", "casual_contacts", "hide_large", "hide_small"]
    assert got[1:] == [
        ["2026-11-02", "2", "0", "0"],  # C-1..C-3 are no confirmed cases: no hotspots
        ["2026-11-03", "0", "0", "0"],
        ["2026-11-04", "1", "0", "0"],
    ]


def test_no_exposures_writes_the_header_only(session, tmp_path: Path) -> None:
    assert rows(write_trace(session, tmp_path)) == [
        ["date", "casual_contacts", "hide_large", "hide_small"]
    ]
