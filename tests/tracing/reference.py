"""A brute-force, O(n²) pure-Python reading of the contract (shared/spec/tracing.md section 1),
written from the text and nothing else, for the property test against the DuckDB engine."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from sihat.tracing.policy import Policy

MALAYSIA = dt.timezone(dt.timedelta(hours=8))
US = dt.timedelta(microseconds=1)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=MALAYSIA)


def id_key(text: str) -> tuple[int, int, str]:
    """Ids that are numbers are smallest by value (before other ids), others by text."""
    if re.fullmatch(r"[0-9]{1,38}", text):
        return (0, int(text), text)
    return (1, 0, text)


def casual_contacts(
    visits: Sequence[Mapping[str, Any]], cases: Sequence[Mapping[str, Any]], policy: Policy
) -> list[tuple[str, str, str, str, str, int, dt.date]]:
    default_visit = dt.timedelta(minutes=policy.default_visit_minutes)
    linger = dt.timedelta(minutes=policy.linger_minutes)
    # Rule 2: visit intervals.
    intervals = []
    for v in visits:
        start, out = aware(v["checked_in_at"]), aware(v.get("checked_out_at"))
        assert start is not None
        if out is not None and out > start:
            end = out
        else:
            end = start + default_visit
            for other in visits:
                other_in = aware(other["checked_in_at"])
                assert other_in is not None
                if other["individual"] == v["individual"] and start < other_in < end:
                    end = other_in
        intervals.append((v, start, end))
    found: dict[tuple[str, str], tuple[Any, ...]] = {}
    for case in cases:
        sample = aware(case["sample_at"])
        assert sample is not None
        # Rule 1: the infectious window.
        first = aware(case.get("onset_at")) or sample
        w_start = first - dt.timedelta(days=policy.infectious_days_before)
        w_end = aware(case.get("isolated_at")) or (
            sample + dt.timedelta(hours=policy.default_isolation_hours)
        )
        for v, v_start, v_end in intervals:
            if v["individual"] != case["individual"]:
                continue
            # Rule 3: the case visit, cut to the window.
            cv_start, cv_end = max(v_start, w_start), min(v_end, w_end)
            if not cv_start < cv_end:
                continue
            for c, c_start, c_end in intervals:
                if c["premise_id"] != v["premise_id"] or c["individual"] == case["individual"]:
                    continue
                # Rule 5: already a case when this visit began.
                if any(
                    k["individual"] == c["individual"] and aware(k["sample_at"]) <= c_start  # type: ignore[operator]
                    for k in cases
                ):
                    continue
                # Rule 4: overlap with [case visit start, case visit end + linger).
                overlap = min(c_end, cv_end + linger) - max(c_start, cv_start)
                if overlap <= dt.timedelta(0):
                    continue
                minutes = (overlap // US + 30_000_000) // 60_000_000
                if minutes < policy.min_overlap_minutes:
                    continue
                row = (
                    case["case_id"],
                    c["individual"],
                    v["premise_id"],
                    v["visit_id"],
                    c["visit_id"],
                    minutes,
                    c_start.astimezone(MALAYSIA).date(),
                )
                rank = (-minutes, c_start, id_key(c["visit_id"]), id_key(v["visit_id"]))
                key = (case["case_id"], c["individual"])
                # Rule 6: one row per (case, contact).
                if key not in found or rank < found[key][0]:
                    found[key] = (rank, row)
    rows = [row for _, row in found.values()]
    return sorted(rows, key=lambda r: (id_key(r[0]), id_key(r[1])))
