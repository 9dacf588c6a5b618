"""Dose records: clean ones, the planted findings, and the look-alikes that must not be flagged.

Every dose is decided as a Malaysia date plus Malaysia wall-clock times, then written in one
of the formats an extract may carry (date only, local time without offset, +08:00, or UTC
"Z"), so the engine's time-zone rules are exercised on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sihat.audit.simulate.centres import Centre

DOSE_HEADER = [
    "record_id",
    "mysj_id",
    "id_type",
    "id_number",
    "dose_number",
    "vaccine_brand",
    "batch_no",
    "ppv_code",
    "vaccinator_id",
    "vaccinated_at",
    "uploaded_at",
]
MANDATORY = DOSE_HEADER[2:]
DOSE_PLANTS = (
    "early",
    "late",
    "after_closed",
    "outside_period",
    "unknown_ppv",
    "incomplete",
)
DOSE_LOOKALIKES = (
    "on_closed_day",
    "on_opened_day",
    "delay_at_threshold",
    "tz_same_day_upload",
    "tz_delay_edge",
    "reopened_second_period",
    "upload_earlier_same_day",
)


def fmt_local(moment: datetime, style: str) -> str:
    """A Malaysia wall-clock time written as ``style``: naive, offset (+08:00) or z (UTC)."""
    if style == "naive":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if style == "offset":
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
    return (moment - timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clock(rng: random.Random, lo: int = 8, hi: int = 18) -> time:
    return time(rng.randrange(lo, hi), rng.randrange(60), rng.randrange(60))


@dataclass
class Dose:
    record_id: str
    mysj_id: str
    id_type: str
    id_number: str
    dose_number: str
    brand: str
    batch: str
    ppv_code: str
    vaccinator: str
    vaccinated_on: date
    vaccinated_at: str
    uploaded_at: str

    def row(self) -> list[str]:
        return [
            self.record_id,
            self.mysj_id,
            self.id_type,
            self.id_number,
            self.dose_number,
            self.brand,
            self.batch,
            self.ppv_code,
            self.vaccinator,
            self.vaccinated_at,
            self.uploaded_at,
        ]

    def has_identity(self) -> bool:
        return bool(self.id_type.strip()) and bool(self.id_number.strip())


def _styles(rng: random.Random) -> str:
    return rng.choices(("offset", "naive", "z"), (5, 3, 2))[0]


def set_dates(dose: Dose, rng: random.Random, on: date, delay: int) -> None:
    """Vaccinated on ``on`` (Malaysia date), uploaded ``delay`` Malaysia days later."""
    dose.vaccinated_on = on
    if rng.random() < 0.7:
        dose.vaccinated_at = on.isoformat()
    else:
        dose.vaccinated_at = fmt_local(
            datetime.combine(on, _clock(rng)), rng.choice(("naive", "offset"))
        )
    upload = datetime.combine(on + timedelta(days=delay), _clock(rng, 0, 24))
    dose.uploaded_at = fmt_local(upload, _styles(rng))


def clean_delay(rng: random.Random, threshold: int) -> int:
    roll = rng.random()
    if roll < 0.6:
        return 0
    if roll < 0.9:
        return rng.randrange(1, 4)
    return rng.randrange(4, threshold + 1)


def plant(
    dose: Dose,
    kind: str,
    rng: random.Random,
    centres: dict[str, list[Centre]],
    threshold: int,
    missing: list[str],
) -> None:
    """Turn a clean dose into a planted finding (``DOSE_PLANTS``) or a look-alike."""
    if kind == "early":
        if rng.random() < 0.2:  # time-zone edge: 23:59 Malaysia the day before, written in UTC
            set_dates(dose, rng, dose.vaccinated_on, 0)
            dose.vaccinated_at = dose.vaccinated_on.isoformat()
            before = datetime.combine(dose.vaccinated_on - timedelta(days=1), time(23, 59))
            dose.uploaded_at = fmt_local(before, "z")
        else:
            set_dates(dose, rng, dose.vaccinated_on, -rng.randrange(1, 60))
    elif kind == "late":
        if rng.random() < 0.2:  # 00:30 Malaysia on day threshold+1, written in UTC (day before)
            dose.vaccinated_at = dose.vaccinated_on.isoformat()
            late = datetime.combine(dose.vaccinated_on + timedelta(days=threshold + 1), time(0, 30))
            dose.uploaded_at = fmt_local(late, "z")
        else:
            set_dates(dose, rng, dose.vaccinated_on, threshold + rng.randrange(1, 300))
    elif kind == "after_closed":
        centre = rng.choice(centres["closed_for_good"])
        dose.ppv_code = centre.code
        set_dates(dose, rng, centre.last_closed + timedelta(days=rng.randrange(1, 60)), 1)
    elif kind == "outside_period":
        centre = rng.choice(centres["gapped"])
        gap = centre.gap()
        assert gap is not None
        if rng.random() < 0.7:
            day = gap[0] + timedelta(days=rng.randrange((gap[1] - gap[0]).days + 1))
        else:
            day = centre.periods[0][0] - timedelta(days=rng.randrange(1, 20))
        dose.ppv_code = centre.code
        set_dates(dose, rng, day, 0)
    elif kind == "unknown_ppv":
        dose.ppv_code = f"PPX{rng.randrange(100_000):05d}"
    elif kind == "incomplete":
        for name in missing:
            if name == "dose_number" and rng.random() < 0.2:
                dose.dose_number = "7"  # not 1-5: reported in data_quality, counts as missing
            else:
                setattr(dose, _ATTR[name], "")
    else:
        _lookalike(dose, kind, rng, centres, threshold)


_ATTR = {
    "id_type": "id_type",
    "id_number": "id_number",
    "dose_number": "dose_number",
    "vaccine_brand": "brand",
    "batch_no": "batch",
    "ppv_code": "ppv_code",
    "vaccinator_id": "vaccinator",
    "vaccinated_at": "vaccinated_at",
    "uploaded_at": "uploaded_at",
}


def _lookalike(
    dose: Dose, kind: str, rng: random.Random, centres: dict[str, list[Centre]], threshold: int
) -> None:
    if kind == "on_closed_day":
        centre = rng.choice(centres["closed_for_good"])
        dose.ppv_code = centre.code
        set_dates(dose, rng, centre.last_closed, 0)
    elif kind == "on_opened_day":
        centre = rng.choice(centres["all"])
        dose.ppv_code = centre.code
        set_dates(dose, rng, centre.periods[-1][0], 0)
    elif kind == "delay_at_threshold":
        set_dates(dose, rng, dose.vaccinated_on, threshold)
    elif kind == "tz_same_day_upload":  # UTC date is the day before; Malaysia date is the same
        dose.vaccinated_at = dose.vaccinated_on.isoformat()
        dose.uploaded_at = fmt_local(datetime.combine(dose.vaccinated_on, time(1, 30)), "z")
    elif kind == "tz_delay_edge":  # vaccinated 00:30 Malaysia (UTC: day before), exactly at limit
        jab = datetime.combine(dose.vaccinated_on, time(0, 30))
        dose.vaccinated_at = fmt_local(jab, "offset")
        upload = datetime.combine(dose.vaccinated_on + timedelta(days=threshold), time(10, 0))
        dose.uploaded_at = fmt_local(upload, "offset")
    elif kind == "reopened_second_period":
        centre = rng.choice(centres["gapped"])
        start, end = centre.periods[1]
        last = min(end or start + timedelta(days=30), start + timedelta(days=30))
        dose.ppv_code = centre.code
        set_dates(dose, rng, start + timedelta(days=rng.randrange((last - start).days + 1)), 0)
    elif kind == "upload_earlier_same_day":
        day = dose.vaccinated_on
        dose.vaccinated_at = fmt_local(datetime.combine(day, time(15, 0)), "offset")
        dose.uploaded_at = fmt_local(datetime.combine(day, time(9, 0)), "offset")
    else:
        raise ValueError(kind)


def choose_missing(rng: random.Random) -> list[str]:
    count = rng.choices((1, 2, 3), (80, 15, 5))[0]
    weights = (4, 4, 6, 10, 25, 8, 20, 8, 15)
    chosen: list[str] = []
    while len(chosen) < count:
        name = rng.choices(MANDATORY, weights)[0]
        if name not in chosen:
            chosen.append(name)
    return chosen
