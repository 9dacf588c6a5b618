"""Simulated vaccination centres (PPV) with their operating periods.

Four kinds, so every rule about periods meets real cases: always open, closed for good,
reopened after a gap (still open), and reopened then closed again.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

PROGRAMME_START = date(2021, 2, 24)
PROGRAMME_END = date(2022, 3, 31)
TYPES = ("HOSPITAL", "HEALTH_CLINIC", "PRIVATE_CLINIC", "MEGA", "OUTREACH", "WORKPLACE", "OTHER")
TYPE_WEIGHTS = (10, 35, 30, 3, 8, 10, 4)


@dataclass
class Centre:
    code: str
    kind: str  # open, closed, reopened, reopened_closed
    type: str
    state: str
    periods: list[tuple[date, date | None]]

    @property
    def closed_for_good(self) -> bool:
        return all(end is not None for _, end in self.periods)

    @property
    def last_closed(self) -> date:
        ends = [end for _, end in self.periods if end is not None]
        return max(ends)

    def gap(self) -> tuple[date, date] | None:
        """First and last day of the gap between its two periods, if reopened."""
        if len(self.periods) < 2:
            return None
        first_end = self.periods[0][1]
        assert first_end is not None
        return first_end + timedelta(days=1), self.periods[1][0] - timedelta(days=1)

    def usable(self) -> list[tuple[date, date]]:
        """Periods clipped to the programme, for clean vaccination dates."""
        out = []
        for start, end in self.periods:
            lo, hi = max(start, PROGRAMME_START), min(end or PROGRAMME_END, PROGRAMME_END)
            if lo <= hi:
                out.append((lo, hi))
        return out

    def clean_date(self, rng: random.Random) -> date:
        spans = self.usable()
        weights = [(hi - lo).days + 1 for lo, hi in spans]
        lo, hi = rng.choices(spans, weights)[0]
        return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def _day(lo: date, hi: date, rng: random.Random) -> date:
    return lo + timedelta(days=rng.randrange((hi - lo).days + 1))


def make_centres(rng: random.Random, count: int, states: list[str]) -> list[Centre]:
    kinds = ["open", "closed", "reopened", "reopened_closed"]
    centres = []
    for i in range(count):
        kind = kinds[i] if i < 4 else rng.choices(kinds, (70, 15, 8, 7))[0]
        opened = _day(PROGRAMME_START, date(2021, 7, 1), rng)
        if i % 10 == 3:  # some open late, so "before opening" can happen
            opened = _day(date(2021, 6, 1), date(2021, 9, 1), rng)
        periods: list[tuple[date, date | None]]
        if kind == "open":
            periods = [(opened, None)]
        elif kind == "closed":
            periods = [(opened, _day(opened + timedelta(days=60), date(2021, 12, 31), rng))]
        else:
            first_end = _day(opened + timedelta(days=40), opened + timedelta(days=120), rng)
            reopen = first_end + timedelta(days=rng.randrange(20, 60))
            second_end = None
            if kind == "reopened_closed":
                earliest = reopen + timedelta(days=30)  # a late opener may reopen in 2022
                second_end = _day(earliest, max(earliest, date(2022, 1, 31)), rng)
            periods = [(opened, first_end), (reopen, second_end)]
        centres.append(
            Centre(
                code=f"PPV{i + 1:05d}",
                kind=kind,
                type=rng.choices(TYPES, TYPE_WEIGHTS)[0],
                state=rng.choice(states),
                periods=periods,
            )
        )
    return centres


def ppv_rows(centres: list[Centre]) -> list[list[str]]:
    rows = []
    for c in centres:
        for start, end in c.periods:
            name = f"PPV {c.type.replace('_', ' ').title()} {c.code[-5:]}"
            rows.append(
                [
                    c.code,
                    name,
                    c.type,
                    c.state,
                    "",
                    start.isoformat(),
                    end.isoformat() if end else "",
                ]
            )
    return rows


PPV_HEADER = ["ppv_code", "name", "type", "state", "district", "opened_on", "closed_on"]
