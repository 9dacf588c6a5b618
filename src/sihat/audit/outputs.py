"""Outputs and outcomes: the first half of the audit summary (what the programme achieved)."""

from __future__ import annotations

from typing import Any

import duckdb

from sihat.audit.schema import CHANNELS

_RANK = " ".join(f"WHEN '{c}' THEN {i}" for i, c in enumerate(CHANNELS))

REGISTRATIONS_SQL = f"""
-- Distinct individuals (identity key) by channel; one counted once, in the order
-- MYSJ > HOTLINE > WEB > WALKIN > OUTREACH.
WITH individual AS (
    SELECT id_type, id_key_number, min(CASE channel {_RANK} END) AS rank
    FROM registrations
    WHERE id_key_number IS NOT NULL
    GROUP BY id_type, id_key_number
)
SELECT rank, count(*) FROM individual {{restrict}} GROUP BY rank ORDER BY rank
"""

RECIPIENT_RESTRICTION = """
WHERE (id_type, id_key_number) IN (
    SELECT (v.id_type, v.id_key_number) FROM vaccinations AS v
    WHERE v.id_key_number IS NOT NULL)
"""


def _by_channel(con: duckdb.DuckDBPyConnection, restrict: str) -> dict[str, int]:
    counts = dict.fromkeys(CHANNELS, 0)
    for rank, n in con.execute(REGISTRATIONS_SQL.format(restrict=restrict)).fetchall():
        counts[CHANNELS[int(rank)]] = int(n)
    return counts


def compute_outputs(con: duckdb.DuckDBPyConnection, present: set[str]) -> dict[str, Any]:
    not_run = {"status": "not run"}
    outputs: dict[str, Any] = {}
    if "registrations" in present:
        outputs["registrations_by_channel"] = _by_channel(con, "")
    else:
        outputs["registrations_by_channel"] = not_run
    if {"registrations", "vaccinations"} <= present:
        outputs["recipients_by_channel"] = _by_channel(con, RECIPIENT_RESTRICTION)
    else:
        outputs["recipients_by_channel"] = not_run
    return outputs


OUTCOMES_SQL = """
SELECT
    coalesce(sum(checkins), 0),
    arg_max(trace_users_cumulative, date) FILTER (trace_users_cumulative IS NOT NULL),
    arg_max(self_assessment_users_cumulative, date)
        FILTER (self_assessment_users_cumulative IS NOT NULL),
    arg_max(registered_users_cumulative, date) FILTER (registered_users_cumulative IS NOT NULL),
    corr(myrisk_views, new_cases) FILTER (myrisk_views IS NOT NULL AND new_cases IS NOT NULL),
    count(*) FILTER (myrisk_views IS NOT NULL AND new_cases IS NOT NULL)
FROM app_metrics
"""


def compute_outcomes(con: duckdb.DuckDBPyConnection, present: set[str]) -> dict[str, Any]:
    if "app_metrics" not in present:
        return {"status": "not run"}
    checkins, trace, assessed, registered, r, days = con.execute(OUTCOMES_SQL).fetchall()[0]
    pct = None
    if assessed is not None and registered:
        pct = round(100.0 * float(assessed) / float(registered), 3)
    return {
        "checkins_total": int(checkins),
        "trace_users": None if trace is None else int(trace),
        "self_assessment_pct": pct,
        "myrisk_cases_correlation": None if r is None else round(float(r), 4),
        "myrisk_cases_days": int(days),
    }
