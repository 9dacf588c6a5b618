"""Figures the report needs beyond ``summary.json``, computed from the loaded extract."""

from __future__ import annotations

from typing import Any

import duckdb


def _bulk_details(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT user_id, min(my_date(occurred_at)), max(my_date(occurred_at)), "
        "count(DISTINCT source_ip), sum(record_count) FROM exc_bulk_downloads "
        "GROUP BY user_id ORDER BY sum(record_count) DESC, user_id"
    ).fetchall()
    return [
        {"user_id": u, "first": str(a), "last": str(b), "ips": int(i), "records": int(n)}
        for u, a, b, i, n in rows
    ]


def _monthly_metrics(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT strftime(date_trunc('month', date), '%Y-%m'), sum(checkins), "
        "sum(myrisk_views), sum(new_cases) FROM app_metrics GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return [
        {
            "month": m,
            "checkins": int(c or 0),
            "myrisk_views": int(v or 0),
            "new_cases": int(n or 0),
        }
        for m, c, v, n in rows
    ]


def _delays(con: duckdb.DuckDBPyConnection) -> list[tuple[int, int]]:
    rows = con.execute(
        "SELECT least(greatest(date_diff('day', vaccinated_at, uploaded_on), -10), 60) AS d, "
        "count(*) FROM vaccinations WHERE vaccinated_at IS NOT NULL AND uploaded_on IS NOT NULL "
        "GROUP BY d ORDER BY d"
    ).fetchall()
    return [(int(d), int(n)) for d, n in rows]


def report_details(
    con: duckdb.DuckDBPyConnection, present: set[str], findings: dict[str, Any]
) -> dict[str, Any]:
    details: dict[str, Any] = {}
    if findings.get("bulk_downloads", {}).get("status") != "not run":
        details["bulk"] = _bulk_details(con)
    if "app_metrics" in present:
        details["monthly"] = _monthly_metrics(con)
    if "vaccinations" in present:
        details["delays"] = _delays(con)
        details["dose_records"] = int(
            con.execute("SELECT count(*) FROM vaccinations").fetchall()[0][0]
        )
    if "accounts" in present:
        details["accounts"] = int(con.execute("SELECT count(*) FROM accounts").fetchall()[0][0])
    return details
