"""Proportions for the simulated extract, taken from Malaysia's open data (``data/open/``).

When the open-data folder is found (``SIHAT_OPEN_DATA`` or ``../shared/data/open`` from the
working directory or the repository), figures are read from it; otherwise the same figures,
copied from those files, are used. Channel shares come from the audit summary itself.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

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


@dataclass
class Daily:
    """Daily national check-ins (MoH checkin_malaysia.csv) and new cases (cases_malaysia.csv)."""

    days: list[date] = field(default_factory=list)
    checkins: list[int] = field(default_factory=list)
    cases: list[int] = field(default_factory=list)
    source: str = "built-in"


def open_data_dir() -> Path | None:
    candidates = []
    if os.environ.get("SIHAT_OPEN_DATA"):
        candidates.append(Path(os.environ["SIHAT_OPEN_DATA"]))
    here = Path(__file__).resolve()
    candidates += [Path.cwd() / "../shared/data/open", here.parents[5] / "shared/data/open"]
    for path in candidates:
        if (path / "moh/mysejahtera/checkin_malaysia.csv").is_file():
            return path
    return None


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def daily_series() -> Daily:
    folder = open_data_dir()
    if folder is None:
        return _built_in_daily()
    checkins = _read(folder / "moh/mysejahtera/checkin_malaysia.csv")
    cases_path = folder / "moh/epidemic/cases_malaysia.csv"
    cases = {r["date"]: int(r["cases_new"]) for r in _read(cases_path)} if cases_path else {}
    out = Daily(source=str(folder))
    for row in checkins:
        out.days.append(date.fromisoformat(row["date"]))
        out.checkins.append(int(row["checkins"]))
        out.cases.append(cases.get(row["date"], 0))
    return out


def _built_in_daily() -> Daily:
    """487 days (2020-12-01 to 2022-04-01) shaped like the published series."""
    import math
    from datetime import timedelta

    out = Daily(source="built-in")
    start = date(2020, 12, 1)
    for i in range(487):
        wave = 1 + math.sin(i / 487 * 3 * math.pi) ** 2
        out.days.append(start + timedelta(days=i))
        out.checkins.append(int(23_000_000 * (0.7 + 0.3 * wave)))
        out.cases.append(int(6_000 * wave**3))
    return out
