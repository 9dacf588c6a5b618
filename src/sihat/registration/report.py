"""Open data: ``vaxreg_malaysia.csv`` and ``vaxreg_state.csv`` in the CITF schema.

Meaning follows the CITF README (``data/open/citf/registration/README.md``): cumulative
unique registrants per day; each individual counted once in the highest-priority channel they
have used by that day (mysj > call > web; walk-in and outreach count under web, as CITF did);
age groups at the date of registration: ``children`` 5-11, ``adolescents`` 12-17, ``elderly``
60+; ``children_solo`` children registered on their own rather than as a dependent;
``phase2`` at least one of elderly, comorbidity, OKU.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, csvsafe, geo
from sihat.identity.models import Person
from sihat.registration.models import Registration, RegistrationAttempt
from sihat.registration.policy import age_group

COLUMNS = (
    "date",
    "state",
    "total",
    "phase2",
    "mysj",
    "call",
    "web",
    "children",
    "children_solo",
    "adolescents",
    "elderly",
    "comorb",
    "oku",
)
CLASS_OF_CHANNEL = {
    "MYSJ": "mysj",
    "HOTLINE": "call",
    "WEB": "web",
    "WALKIN": "web",
    "OUTREACH": "web",
}
COUNTERS = (
    "total",
    "phase2",
    "mysj",
    "call",
    "children",
    "children_solo",
    "adolescents",
    "elderly",
    "comorb",
    "oku",
)


@dataclass
class Registrant:
    first: date
    state: str | None
    born: date | None
    as_dependent: bool
    comorbidity: bool
    oku: bool
    channel_dates: dict[str, date] = field(default_factory=dict)

    def seen(self, channel: str, on: date) -> None:
        cls = CLASS_OF_CHANNEL[channel]
        if cls not in self.channel_dates or on < self.channel_dates[cls]:
            self.channel_dates[cls] = on


def load(session: Session) -> dict[str, Registrant]:
    people: dict[str, Registrant] = {}
    rows = session.execute(
        select(
            Registration.id,
            Registration.registered_at,
            Registration.channel,
            Registration.state,
            Registration.as_dependent,
            Registration.comorbidity,
            Registration.oku,
            Person.state,
            Person.date_of_birth,
        )
        .join(Person, Person.id == Registration.person_id)
        .execution_options(yield_per=5000)
    )
    for reg_id, at, channel, state, dep, comorb, oku, person_state, born in rows:
        on = clock.malaysia_date(at)
        r = Registrant(on, state or person_state, born, bool(dep), bool(comorb), bool(oku))
        r.seen(channel, on)
        people[reg_id] = r
    attempts = session.execute(
        select(
            RegistrationAttempt.registration_id,
            RegistrationAttempt.channel,
            RegistrationAttempt.attempted_at,
        ).execution_options(yield_per=5000)
    )
    for reg_id, channel, at in attempts:
        if reg_id in people:
            people[reg_id].seen(channel, clock.malaysia_date(at))
    return people


def daily_deltas(people: Iterable[Registrant]) -> dict[tuple[str | None, date], dict[str, int]]:
    deltas: dict[tuple[str | None, date], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in people:
        d = deltas[(r.state, r.first)]
        d["total"] += 1
        group = age_group(r.born, r.first) if r.born else "adults"
        elderly = group == "elderly"
        d["children"] += group == "children"
        d["children_solo"] += group == "children" and not r.as_dependent
        d["adolescents"] += group == "adolescents"
        d["elderly"] += elderly
        d["comorb"] += r.comorbidity
        d["oku"] += r.oku
        d["phase2"] += elderly or r.comorbidity or r.oku
        mysj, call = r.channel_dates.get("mysj"), r.channel_dates.get("call")
        if mysj is not None:
            deltas[(r.state, mysj)]["mysj"] += 1
        if call is not None and (mysj is None or call < mysj):
            deltas[(r.state, call)]["call"] += 1
            if mysj is not None:
                deltas[(r.state, mysj)]["call"] -= 1
    return deltas


def cumulative_rows(
    deltas: dict[tuple[str | None, date], dict[str, int]], states: list[str], until: date | None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    if not deltas:
        return [], []
    start = min(d for _, d in deltas)
    end = max([d for _, d in deltas] + ([until] if until else []))
    national_rows: list[dict[str, object]] = []
    state_rows: list[dict[str, object]] = []
    running: dict[str | None, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    keys_by_day: dict[date, list[str | None]] = defaultdict(list)
    for s, d in deltas:
        keys_by_day[d].append(s)
    day = start
    while day <= end:
        for s in keys_by_day.get(day, []):
            for k, v in deltas[(s, day)].items():
                running[s][k] += v
        nat = dict.fromkeys(COUNTERS, 0)
        for counts in running.values():
            for k in COUNTERS:
                nat[k] += counts[k]
        national_rows.append(_row(day, "Malaysia", nat))
        for s in states:
            state_rows.append(
                _row(day, s, running[s] if s in running else dict.fromkeys(COUNTERS, 0))
            )
        day += timedelta(days=1)
    return national_rows, state_rows


def _row(day: date, state: str, c: dict[str, int]) -> dict[str, object]:
    web = c["total"] - c["mysj"] - c["call"]
    return {
        "date": day.isoformat(),
        "state": state,
        "total": c["total"],
        "phase2": c["phase2"],
        "mysj": c["mysj"],
        "call": c["call"],
        "web": web,
        "children": c["children"],
        "children_solo": c["children_solo"],
        "adolescents": c["adolescents"],
        "elderly": c["elderly"],
        "comorb": c["comorb"],
        "oku": c["oku"],
    }


def write_vaxreg(session: Session, out: Path, until: date | None = None) -> tuple[Path, Path]:
    national, by_state = cumulative_rows(
        daily_deltas(load(session).values()), geo.state_names(), until
    )
    out.mkdir(parents=True, exist_ok=True)
    paths = (out / "vaxreg_malaysia.csv", out / "vaxreg_state.csv")
    for path, rows in zip(paths, (national, by_state), strict=True):
        tmp = path.with_suffix(".csv.tmp")
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csvsafe.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        tmp.replace(path)
    return paths
