"""Open data from the dose records: ``vax_malaysia.csv`` and ``vax_state.csv`` in the CITF
schema, and the recipients-by-registration-channel figure of the audit.

Meaning (``data/open/citf/vaccination/README.md`` and the identities the published files
satisfy): a dose's day is its Malaysian administration date and its state the centre's.
``daily_partial`` counts first doses of two-dose vaccines, ``daily_full`` doses completing a
primary series (a single-dose vaccine's only dose included), ``daily_booster``/``booster2``
first and second boosters; ``daily`` is their sum. ``cumul_partial`` counts people with at
least one dose (first doses plus single-dose doses); the other ``cumul_*`` are running sums.
``_adol`` is ages 12-17 and ``_child`` 5-11 at administration. Brand columns count doses by
product and slot (``cansino`` the single dose, ``cansino3``/``4`` its boosters);
``pending1..4`` count doses whose amendment awaits approval ("quarantined"), which appear in
the slot totals but in no brand column. Replaced or voided records do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from sihat.core import csvsafe, geo
from sihat.registration.models import Registration
from sihat.vaccination import vaccines
from sihat.vaccination.models import Amendment, Dose

SLOTS = ("partial", "full", "booster", "booster2")
GROUPS = ("", "_adol", "_child")
BRANDS = ("pfizer", "sinovac", "astra", "sinopharm")
DAILY = [f"daily_{s}{g}" for g in GROUPS for s in SLOTS]
DAILY.insert(4, "daily")
CUMUL = [f"cumul_{s}{g}" for g in GROUPS for s in SLOTS]
CUMUL.insert(4, "cumul")
BRAND_COLUMNS = (
    [f"{b}{n}" for b in BRANDS for n in (1, 2, 3, 4)]
    + [
        "cansino",
        "cansino3",
        "cansino4",
    ]
    + [f"pending{n}" for n in (1, 2, 3, 4)]
)
COLUMNS = ["date", *DAILY, *CUMUL, *BRAND_COLUMNS]
STATE_COLUMNS = ["date", "state", *COLUMNS[1:]]
AGE_SUFFIX = {"adolescents": "_adol", "children": "_child"}
CHANNEL_GROUPS = {
    "MYSJ": "mysj_app",
    "WEB": "web_hotline",
    "HOTLINE": "web_hotline",
    "WALKIN": "walkin_outreach",
    "OUTREACH": "walkin_outreach",
}

Counts = dict[str, int]


def counted() -> object:
    """Dose records that count: not replaced or voided by an approved amendment."""
    return Dose.id.not_in(select(Amendment.dose_id).where(Amendment.status == "APPROVED"))


def grouped(session: Session) -> Iterable[tuple[date, str, str, int, str, bool, int]]:
    pending = aliased(Amendment)
    query = (
        select(
            Dose.administered_on,
            Dose.state,
            Dose.product,
            Dose.slot,
            Dose.age_group,
            pending.id.is_not(None),
            func.count(),
        )
        .outerjoin(pending, and_(pending.dose_id == Dose.id, pending.status == "PENDING"))
        .where(counted())  # type: ignore[arg-type]
        .group_by(
            Dose.administered_on,
            Dose.state,
            Dose.product,
            Dose.slot,
            Dose.age_group,
            pending.id.is_not(None),
        )
    )
    for day, state, product, slot, group, is_pending, n in session.execute(query):
        yield day, state, product, int(slot), group, bool(is_pending), int(n)


def daily_counts(session: Session) -> dict[tuple[date, str], Counts]:
    """Per (day, state): the daily columns, plus ``first_single*`` for ``cumul_partial``."""
    products = vaccines.load().products
    out: dict[tuple[date, str], Counts] = defaultdict(lambda: defaultdict(int))
    for day, state, product, slot, group, is_pending, n in grouped(session):
        row = out[(day, state)]
        rule = products[product]
        single = rule.primary_doses == 1
        for suffix in ("", AGE_SUFFIX.get(group)):
            if suffix is None:
                continue
            row[f"daily_{SLOTS[slot - 1]}{suffix}"] += n
            if single and slot == 2:
                row[f"first_single{suffix}"] += n
        if is_pending:
            row[f"pending{slot}"] += n
        elif single:
            row[rule.key if slot == 2 else f"{rule.key}{slot}"] += n
        else:
            row[f"{rule.key}{slot}"] += n
    return out


def _rows(
    days: list[date], by_day: dict[date, Counts], state: str | None
) -> list[dict[str, object]]:
    running: Counts = defaultdict(int)
    rows: list[dict[str, object]] = []
    for day in days:
        c = by_day.get(day, {})
        row: dict[str, object] = {"date": day.isoformat()}
        if state is not None:
            row["state"] = state
        for g in GROUPS:
            for s in SLOTS:
                row[f"daily_{s}{g}"] = c.get(f"daily_{s}{g}", 0)
                extra = c.get(f"first_single{g}", 0) if s == "partial" else 0
                running[f"{s}{g}"] += c.get(f"daily_{s}{g}", 0) + extra
                row[f"cumul_{s}{g}"] = running[f"{s}{g}"]
        row["daily"] = sum(c.get(f"daily_{s}", 0) for s in SLOTS)
        running["all"] += int(row["daily"])  # type: ignore[call-overload]
        row["cumul"] = running["all"]
        for column in BRAND_COLUMNS:
            row[column] = c.get(column, 0)
        rows.append(row)
    return rows


def vax_rows(
    session: Session, until: date | None = None
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    counts = daily_counts(session)
    if not counts:
        return [], []
    start = min(d for d, _ in counts)
    end = max([d for d, _ in counts] + ([until] if until else []))
    days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
    national: dict[date, Counts] = defaultdict(lambda: defaultdict(int))
    by_state: dict[str, dict[date, Counts]] = defaultdict(dict)
    for (day, state), c in counts.items():
        by_state[state][day] = c
        for k, v in c.items():
            national[day][k] += v
    state_rows: list[dict[str, object]] = []
    per_state = {s: _rows(days, by_state.get(s, {}), s) for s in sorted(geo.state_names())}
    for i in range(len(days)):
        state_rows.extend(rows[i] for rows in per_state.values())
    return _rows(days, national, None), state_rows


def recipients_by_channel(session: Session) -> list[dict[str, object]]:
    """Registrations and vaccine recipients (people with at least one counted dose) by the
    audit's channel groups; recipients without a registration are ``unregistered``."""
    registrations: Counts = defaultdict(int)
    for channel, n in session.execute(
        select(Registration.channel, func.count()).group_by(Registration.channel)
    ):
        registrations[CHANNEL_GROUPS[channel]] += int(n)
    recipients: Counts = defaultdict(int)
    people = select(Dose.person_id).where(counted()).distinct().subquery()  # type: ignore[arg-type]
    for channel, n in session.execute(
        select(Registration.channel, func.count())
        .select_from(people)
        .outerjoin(Registration, Registration.person_id == people.c.person_id)
        .group_by(Registration.channel)
    ):
        recipients[CHANNEL_GROUPS.get(channel, "unregistered")] += int(n)
    groups = ["mysj_app", "web_hotline", "walkin_outreach", "unregistered"]
    return [
        {"channel": g, "registrations": registrations[g], "recipients": recipients[g]}
        for g in groups
    ]


def _write(path: Path, columns: list[str], rows: list[dict[str, object]]) -> None:
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(path)


def write_vax(session: Session, out: Path, until: date | None = None) -> list[Path]:
    national, by_state = vax_rows(session, until)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "vax_malaysia.csv", out / "vax_state.csv", out / "vax_recipients_channel.csv"]
    _write(paths[0], COLUMNS, national)
    _write(paths[1], STATE_COLUMNS, by_state)
    _write(paths[2], ["channel", "registrations", "recipients"], recipients_by_channel(session))
    return paths
