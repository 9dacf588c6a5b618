"""A scaled slice of the real ``vax_malaysia.csv`` as a plan of doses to drive through the API.

Scaling keeps the published identities: every atomic column (doses by brand and slot,
``pending1..4``, and the adolescent/child counts per slot) is scaled as
``round(cumulative / scale)`` and differenced, so scaled days add up to the scaled total.
The slot totals are then derived exactly as CITF derives them. Each planned dose gets a
recipient of the right age with whatever earlier doses the series rules require, given on
days that are not compared (the "history").
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sihat.registration.policy import age_on

DATA = Path(__file__).parent / "data" / "vax_malaysia.csv"
BRANDS = {
    "pfizer": "EU/1/20/1528",
    "sinovac": "CoronaVac",
    "astra": "EU/1/21/1529",
    "sinopharm": "BBIBP-CorV",
    "cansino": "Convidecia",
}
INTERVAL = {"pfizer": 21, "sinovac": 14, "astra": 28, "sinopharm": 21}
ATOMS = [f"{b}{n}" for b in list(BRANDS)[:4] for n in (1, 2, 3, 4)]
ATOMS += ["cansino", "cansino3", "cansino4"] + [f"pending{n}" for n in (1, 2, 3, 4)]
SLOTS = ("partial", "full", "booster", "booster2")
AGES = [f"daily_{s}_{g}" for g in ("adol", "child") for s in SLOTS]
CENTRES = (("PPV-A", "Selangor"), ("PPV-B", "Johor"), ("PPV-C", "Sabah"))


def scaled_days(scale: int) -> dict[date, dict[str, int]]:
    with DATA.open() as handle:
        rows = list(csv.DictReader(handle))
    running = dict.fromkeys(ATOMS + AGES, 0)
    shown = dict.fromkeys(ATOMS + AGES, 0)
    out: dict[date, dict[str, int]] = {}
    for row in rows:
        day: dict[str, int] = {}
        for column in ATOMS + AGES:
            running[column] += int(row[column])
            now = round(running[column] / scale)
            day[column] = now - shown[column]
            shown[column] = now
        out[date.fromisoformat(row["date"])] = day
    return out


def expected_row(atoms: dict[str, int]) -> dict[str, int]:
    """The daily columns the report must show for a day with these scaled atoms."""
    row = dict(atoms)
    for n, slot in enumerate(SLOTS, start=1):
        brands = sum(atoms[f"{b}{n}"] for b in list(BRANDS)[:4]) + atoms[f"pending{n}"]
        single = {1: 0, 2: atoms["cansino"], 3: atoms["cansino3"], 4: atoms["cansino4"]}[n]
        row[f"daily_{slot}"] = brands + single
    row["daily"] = sum(row[f"daily_{s}"] for s in SLOTS)
    return row


@dataclass
class Shot:
    day: date
    centre: str
    brand: str
    dose_number: int
    pending: bool = False


@dataclass
class Recipient:
    group: str  # adults, adolescents, children (at the compared dose)
    shots: list[Shot] = field(default_factory=list)


def _history(day: date, slot: int, brand: str, compared: set[date]) -> list[tuple[date, str]]:
    """Earlier doses (day, brand) before a dose in ``slot`` on ``day``: a two-dose primary
    series (of ``brand`` for a second dose, of Comirnaty before boosters), boosters 100 days
    apart. Fixed offsets keep the history on few distinct days (one upload each)."""
    primary = brand if brand in INTERVAL and slot == 2 else "pfizer"
    wanted = 0 if brand == "cansino" and slot == 2 else {2: 1, 3: 2, 4: 3}.get(slot, 0)
    offsets = {1: [30], 2: [130, 100], 3: [230, 200, 100]}.get(wanted, [])
    days = []
    for offset in offsets:
        cursor = day - timedelta(days=offset)
        while cursor in compared:
            cursor -= timedelta(days=1)
        days.append(cursor)
    return [(d, primary) for d in days]


def feasible(atoms: dict[str, int]) -> bool:
    """Independent rounding can leave a day with more scaled adolescent and child doses in a
    slot than scaled Comirnaty and CoronaVac doses (81 of the 1,460 days at 1:10,000); such
    a day cannot be replayed with real people and is left out."""
    return all(
        atoms[f"daily_{s}_adol"] + atoms[f"daily_{s}_child"]
        <= atoms[f"pfizer{n}"] + atoms[f"sinovac{n}"]
        for n, s in enumerate(SLOTS, start=1)
    )


def plan(days: list[date], scale: int) -> tuple[list[Recipient], dict[date, dict[str, int]]]:
    scaled = scaled_days(scale)
    compared = set(days)
    centres = itertools.cycle(code for code, _ in CENTRES)
    people: list[Recipient] = []
    for day in days:
        atoms = scaled[day]
        shots: list[tuple[int, str, bool]] = []
        for n in (1, 2, 3, 4):
            for brand in BRANDS:
                column = brand if (brand == "cansino" and n == 2) else f"{brand}{n}"
                if brand == "cansino" and n == 1:
                    continue
                shots += [(n, brand, False)] * atoms.get(column, 0)
            shots += [(n, "pfizer", True)] * atoms[f"pending{n}"]
        young = {
            (n, g): atoms[f"daily_{s}_{suffix}"]
            for n, s in enumerate(SLOTS, start=1)
            for g, suffix in (("adolescents", "adol"), ("children", "child"))
        }
        for slot, brand, pending in shots:
            group = "adults"
            for g in ("children", "adolescents"):
                if young[(slot, g)] and brand in ("pfizer", "sinovac"):
                    young[(slot, g)] -= 1
                    group = g
                    break
            recipient = Recipient(group)
            centre = next(centres)
            history = _history(day, slot, brand, compared)
            for number, (d, b) in enumerate(history, start=1):
                recipient.shots.append(Shot(d, centre, b, number))
            number = 1 if brand == "cansino" and slot == 2 else len(history) + 1
            recipient.shots.append(Shot(day, centre, brand, number, pending))
            people.append(recipient)
        assert not any(young.values()), f"{day}: young recipients without a suitable dose"
    return people, {d: expected_row(scaled[d]) for d in days}


def suits(group: str, born: date, shots: list[Shot]) -> bool:
    """Old enough for every dose, and in ``group`` at the compared (last) dose."""
    last = age_on(born, shots[-1].day)
    first = age_on(born, shots[0].day)
    if group == "children":
        return 7 <= last <= 11 and first >= 6
    if group == "adolescents":
        return 12 <= last <= 17
    return first >= 19
