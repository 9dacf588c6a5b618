"""Proportions for the simulated extract, taken from Malaysia's open data (``data/open/``).

The daily check-ins and cases are read from the files themselves, found through
``sihat.core.refdata`` (the repository's ``data/``, or ``SIHAT_REFERENCE_DATA``); the other
figures below were copied from those files. Channel shares come from the audit summary itself.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sihat.core import refdata

# Audit summary (seed): registrations 25.12 M app, 1.13 M web/hotline, 3.52 M walk-in/outreach;
# recipients 23.54 M, 850,754 and 3.52 M.
REGISTRANTS = 26_850_478  # CITF vaxreg_malaysia.csv, 2022-03-09 total (unique registrants)
CHANNEL_SHARE = {"MYSJ": 25.12, "WEB_HOTLINE": 1.13, "WALKIN_OUTREACH": 3.52}
RECIPIENT_RATE = {"MYSJ": 23.54 / 25.12, "WEB_HOTLINE": 0.850754 / 1.13, "WALKIN_OUTREACH": 1.0}
HOTLINE_OF_WEB = 10_301 / (10_301 + 1_119_273)  # CITF: call vs web registrants, 2022-03-09
OUTREACH_OF_WALKIN = 0.25  # not published; an assumption

# CITF vax_malaysia.csv, 2025-02-22 cumulative doses.
DOSES = {"partial": 28_138_645, "full": 27_551_182, "booster": 16_353_424, "booster2": 832_711}
# CITF vax_malaysia.csv, doses by brand summed over all days.
BRANDS = {
    "PFIZER": 45_063_063,
    "SINOVAC": 21_595_342,
    "ASTRAZENECA": 5_707_686,
    "SINOPHARM": 44_306,
    "CANSINO": 226_636,
}
# CITF static/population.csv.
POPULATION = {
    "Johor": 3_781_000,
    "Kedah": 2_185_100,
    "Kelantan": 1_906_700,
    "Melaka": 932_700,
    "Negeri Sembilan": 1_128_800,
    "Pahang": 1_678_700,
    "Pulau Pinang": 1_773_600,
    "Perak": 2_510_300,
    "Perlis": 254_900,
    "Selangor": 6_538_000,
    "Terengganu": 1_259_300,
    "Sabah": 3_908_500,
    "Sarawak": 2_816_500,
    "W.P. Kuala Lumpur": 1_773_700,
    "W.P. Labuan": 99_600,
    "W.P. Putrajaya": 110_000,
}
TRACE_USERS = 7_410_000  # audit summary
SELF_ASSESSMENT_PCT = 1.2  # audit summary


CHECKINS_FILE = ("open", "moh", "mysejahtera", "checkin_malaysia.csv")
CASES_FILE = ("open", "moh", "epidemic", "cases_malaysia.csv")


@dataclass
class Daily:
    """Daily national check-ins (MoH checkin_malaysia.csv) and new cases (cases_malaysia.csv)."""

    days: list[date] = field(default_factory=list)
    checkins: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # the files read, as ``data/open/...``


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def daily_series() -> Daily:
    """The MoH daily series from the reference data (``core.refdata``); a missing file is an
    error naming it and ``SIHAT_REFERENCE_DATA``, never a made-up series."""
    checkins_path = refdata.require(*CHECKINS_FILE)
    cases_path = refdata.require(*CASES_FILE)
    cases = {r["date"]: int(r["cases_new"]) for r in _read(cases_path)}
    out = Daily(sources=[refdata.relative(checkins_path), refdata.relative(cases_path)])
    for row in _read(checkins_path):
        out.days.append(date.fromisoformat(row["date"]))
        out.checkins.append(int(row["checkins"]))
        out.cases.append(cases.get(row["date"], 0))
    return out
