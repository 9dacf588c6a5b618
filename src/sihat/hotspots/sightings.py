"""Where confirmed cases were: the one source every hotspot rule reads.

A *sighting* is (case, premise, Malaysia date): a casual-contact exposure that the tracing
engine recorded for a confirmed case at that premise on that date (``risk.exposures``). The
exposures outlive the 90-day retention of individual check-ins, so a past day's hotspots can
be recomputed; a retracted case stops counting at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.checkins.models import Premise
from sihat.risk.models import Exposure


@dataclass(frozen=True)
class Sighting:
    case_id: str
    premise_id: str
    day: date


def sightings(session: Session, first: date, last: date) -> list[Sighting]:
    """Distinct sightings with ``first <= day <= last``."""
    rows = session.execute(
        select(Exposure.case_ref, Exposure.premise_ref, Exposure.exposed_on)
        .join(Case, Case.id == Exposure.case_ref)
        .where(
            Exposure.kind == "CASUAL",
            Exposure.premise_ref.is_not(None),
            Exposure.exposed_on >= first,
            Exposure.exposed_on <= last,
            Case.status == "CONFIRMED",
        )
        .distinct()
    )
    return [Sighting(c, str(p), d) for c, p, d in rows]


@dataclass(frozen=True)
class Placed:
    case_id: str
    latitude: float
    longitude: float


def placed(
    session: Session,
    first: date,
    last: date,
    box: tuple[float, float, float, float] | None = None,
) -> list[Placed]:
    """Sightings at premises with coordinates (inside ``box`` = south, west, north, east when
    given), as (case, the premise's point): one row per case and premise."""
    query = (
        select(Exposure.case_ref, Premise.latitude, Premise.longitude)
        .join(Case, Case.id == Exposure.case_ref)
        .join(Premise, Premise.id == Exposure.premise_ref)
        .where(
            Exposure.kind == "CASUAL",
            Exposure.exposed_on >= first,
            Exposure.exposed_on <= last,
            Case.status == "CONFIRMED",
            Premise.latitude.is_not(None),
            Premise.longitude.is_not(None),
        )
        .distinct()
    )
    if box is not None:
        south, west, north, east = box
        query = query.where(
            Premise.latitude >= south,
            Premise.latitude <= north,
            Premise.longitude >= west,
            Premise.longitude <= east,
        )
    return [
        Placed(c, float(lat), float(lng))
        for c, lat, lng in session.execute(query)
        if lat is not None and lng is not None
    ]
