"""Adverse events following immunisation (AEFI), reported against a dose.

The recipient reports through the app (channel MYSJ, for themselves or a dependent); centre
staff and health officers report to the regulator's channel (NPRA). Who may report on a dose
is who may see it (``doses.dose_for``). Severity is serious or
non-serious; symptoms come from the fixed list the MoH open data counts.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, csvsafe, trail
from sihat.core.errors import Problem
from sihat.identity.models import Account
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses, vaccines
from sihat.vaccination.models import AdverseEvent, Dose

SYMPTOMS = (
    "site_pain",
    "site_swelling",
    "site_redness",
    "tiredness",
    "headache",
    "muscle_pain",
    "joint_pain",
    "weakness",
    "fever",
    "vomiting",
    "chills",
    "rash",
)


def _report(
    session: Session,
    dose: Dose,
    channel: str,
    by: tuple[str, str],
    onset_on: date,
    serious: bool,
    symptoms: list[str],
    description: str | None,
) -> AdverseEvent:
    today = clock.today_my()
    if onset_on < dose.administered_on or onset_on > today:
        raise Problem("aefi_onset_invalid", field="onset_on")
    if set(symptoms) - set(SYMPTOMS):
        raise Problem("invalid_input", field="symptoms")
    event = AdverseEvent(
        dose_id=dose.id,
        channel=channel,
        reported_by_type=by[0],
        reported_by_id=by[1],
        reported_at=clock.now(),
        reported_on=today,
        onset_on=onset_on,
        serious=serious,
        symptoms=sorted(set(symptoms)),
        description=(description or "").strip()[:1000] or None,
    )
    session.add(event)
    session.flush()
    trail.record(
        session,
        "vaccination:aefi:reported",
        actor_type=by[0],
        actor_id=by[1],
        target_type="dose",
        target_id=dose.id,
        aefi_id=event.id,
        serious=serious,
    )
    return event


def report_by_recipient(
    session: Session,
    account: Account,
    dose_id: str,
    onset_on: date,
    serious: bool,
    symptoms: list[str],
    description: str | None = None,
) -> AdverseEvent:
    dose = doses.dose_for(session, account, dose_id)
    by = ("account", account.id)
    return _report(session, dose, "MYSJ", by, onset_on, serious, symptoms, description)


def report_by_staff(
    session: Session,
    staff: StaffAccount,
    dose_id: str,
    onset_on: date,
    serious: bool,
    symptoms: list[str],
    description: str | None = None,
) -> AdverseEvent:
    dose = doses.dose_for(session, staff, dose_id)
    by = ("staff", staff.id)
    return _report(session, dose, "NPRA", by, onset_on, serious, symptoms, description)


AEFI_COLUMNS = [
    "date",
    "vaxtype",
    "daily_total",
    "daily_serious_npra",
    "daily_nonserious",
    "daily_nonserious_npra",
    "daily_nonserious_mysj_dose1",
    "daily_nonserious_mysj_dose2",
    *[f"d{n}_{s}" for n in (1, 2) for s in SYMPTOMS],
]


def aefi_rows(session: Session) -> list[dict[str, object]]:
    """One row per report date and vaccine with any report, as MoH published ``aefi.csv``:
    ``daily_total`` = serious + non-serious; serious reports are counted under NPRA; the
    non-serious split by channel (staff reports via NPRA, recipients' app reports by dose 1
    and 2; app reports on later doses count in ``daily_nonserious`` only); ``dN_*`` count
    symptoms in recipients' non-serious app reports on dose N."""
    products = vaccines.load().products
    rows: dict[tuple[date, str], dict[str, int]] = {}
    query = select(
        AdverseEvent.reported_on,
        Dose.product,
        Dose.dose_number,
        AdverseEvent.channel,
        AdverseEvent.serious,
        AdverseEvent.symptoms,
    ).join(Dose, Dose.id == AdverseEvent.dose_id)
    for day, product, dose_number, channel, serious, symptoms in session.execute(
        query.execution_options(yield_per=5000)
    ):
        key = (day, products[product].aefi_key)
        row = rows.setdefault(key, dict.fromkeys(AEFI_COLUMNS[2:], 0))
        row["daily_total"] += 1
        if serious:
            row["daily_serious_npra"] += 1
            continue
        row["daily_nonserious"] += 1
        if channel == "NPRA":
            row["daily_nonserious_npra"] += 1
        elif dose_number in (1, 2):
            row[f"daily_nonserious_mysj_dose{dose_number}"] += 1
            for symptom in symptoms:
                row[f"d{dose_number}_{symptom}"] += 1
    return [
        {"date": day.isoformat(), "vaxtype": vaxtype, **counts}
        for (day, vaxtype), counts in sorted(rows.items())
    ]


def write_aefi(session: Session, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "aefi.csv"
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.DictWriter(handle, fieldnames=AEFI_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(aefi_rows(session))
    tmp.replace(path)
    return path
