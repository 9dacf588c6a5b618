"""``vaxreg_*.csv``: the exact CITF header, and counts checked by brute force per day."""

from __future__ import annotations

import csv
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sihat.core import clock, geo, refdata
from sihat.core.errors import Problem
from sihat.registration import service
from sihat.registration.policy import age_group
from sihat.registration.report import write_vaxreg
from tests import factories

OPEN = refdata.path("open", "citf", "registration")
CLASS = {"MYSJ": "mysj", "HOTLINE": "call", "WEB": "web", "WALKIN": "web", "OUTREACH": "web"}


def header(path: Path) -> list[str]:
    with path.open() as handle:
        return next(csv.reader(handle))


def read(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def test_vaxreg_matches_citf_schema_and_brute_force_counts(session, tmp_path) -> None:
    staff = factories.staff_personas(session)
    rng = random.Random(7)
    start = date(2021, 3, 1)
    truth = []  # (state, first_date, channel events, born, comorb, oku, as_dependent)
    for _ in range(60):
        p = factories.person(born_before=start)
        events = []
        first_channel = rng.choice(["WEB", "HOTLINE", "WALKIN", "OUTREACH", "WEB"])
        day = start + timedelta(days=rng.randint(0, 9))
        events.append((first_channel, day))
        if rng.random() < 0.4:
            events.append(
                (
                    rng.choice(["HOTLINE", "WEB", "OUTREACH"]),
                    day + timedelta(days=rng.randint(0, 4)),
                )
            )
        comorb, oku = rng.random() < 0.2, rng.random() < 0.05
        facts = service.Facts(comorbidity=comorb, oku=oku, state=p.state)
        ok = True
        for channel, on in events:
            at = datetime.combine(on, datetime.min.time(), UTC) + timedelta(
                hours=rng.randint(0, 15)
            )
            with clock.frozen(at):
                try:
                    if channel == "WEB":
                        service.register_web(session, factories.identity_of(p), p.phone, facts)
                    elif channel == "HOTLINE":
                        service.register_by_staff(
                            session,
                            staff["hotline"].account,
                            "HOTLINE",
                            factories.identity_of(p),
                            facts,
                        )
                    else:
                        service.register_by_staff(
                            session,
                            staff["desk_a"].account,
                            channel,
                            factories.identity_of(p),
                            facts,
                            ppv_code="PPV-A",
                        )
                except Problem as problem:  # young children are not yet eligible
                    assert problem.code == "not_eligible_age"
                    ok = False
                    break
        if ok:
            truth.append((p.state, events, p.date_of_birth, comorb, oku))
    session.flush()
    national, by_state = write_vaxreg(session, tmp_path, until=date(2021, 3, 20))
    assert header(national) == header(OPEN / "vaxreg_malaysia.csv")
    assert header(by_state) == header(OPEN / "vaxreg_state.csv")
    rows = read(national)
    assert rows[0]["date"] == min(e[1][0][1] for e in truth).isoformat()
    assert rows[-1]["date"] == "2021-03-20"
    for row in rows:
        d = date.fromisoformat(row["date"])
        expect = {
            "total": 0,
            "mysj": 0,
            "call": 0,
            "web": 0,
            "elderly": 0,
            "comorb": 0,
            "oku": 0,
            "phase2": 0,
            "adolescents": 0,
            "children": 0,
        }
        for _state, events, born, comorb, oku in truth:
            first = events[0][1]
            if first > d:
                continue
            seen = {CLASS[c] for c, on in events if on <= d}
            cls = "mysj" if "mysj" in seen else "call" if "call" in seen else "web"
            group = age_group(born, first)
            expect["total"] += 1
            expect[cls] += 1
            expect["elderly"] += group == "elderly"
            expect["adolescents"] += group == "adolescents"
            expect["children"] += group == "children"
            expect["comorb"] += comorb
            expect["oku"] += oku
            expect["phase2"] += group == "elderly" or comorb or oku
        got = {k: int(row[k]) for k in expect}
        assert got == expect, row["date"]
    state_rows = read(by_state)
    assert len(state_rows) == len(rows) * len(geo.state_names())
    last = [r for r in state_rows if r["date"] == "2021-03-20"]
    assert [r["state"] for r in last] == geo.state_names()
    assert sum(int(r["total"]) for r in last) == int(rows[-1]["total"]) == len(truth)
