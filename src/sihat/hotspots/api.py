"""Public hotspot routes under ``/api/v1/hotspots``: ``GET /zones`` (districts and H3 cells of the
last 14 days, coloured) and ``GET /tracker?lat=&lng=`` (cases within 1 km, k-anonymous).
Neither needs a login: they publish counts, never a person or a case's place."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.web import DB
from sihat.hotspots import tracker, zones
from sihat.hotspots.policy import load
from sihat.hotspots.schemas import DistrictOut, TrackerOut, ZonesOut

router = APIRouter(prefix="/api/v1/hotspots", tags=["hotspots"])


def geojson(cells: list[zones.Cell]) -> dict[str, object]:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[lng, lat] for lat, lng in [*c.boundary, c.boundary[0]]]],
                },
                "properties": {"cell": c.cell, "cases": c.cases, "colour": c.colour},
            }
            for c in cells
        ],
    }


@router.get("/zones", response_model=ZonesOut)
def zones_now(session: Session = DB) -> ZonesOut:
    """Zones of the 14 days ending today (Malaysia): every district and the H3 cells with cases."""
    policy, day = load(), clock.today_my()
    return ZonesOut(
        day=day.isoformat(),
        window_days=policy.zone_days,
        policy_version=policy.version,
        fewer_than=policy.k,
        districts=[
            DistrictOut(state=d.state, district=d.district, cases=d.cases, colour=d.colour)  # type: ignore[arg-type]
            for d in zones.district_counts(session, day, policy)
        ],
        cells=geojson(zones.cells(session, day, policy)),
    )


@router.get("/tracker", response_model=TrackerOut)
def tracker_at(
    lat: float = Query(description="latitude (WGS 84), inside Malaysia"),
    lng: float = Query(description="longitude (WGS 84), inside Malaysia"),
    session: Session = DB,
) -> TrackerOut:
    """Cases sighted within 1 km of a place in the last 14 days; fewer than k answered as null."""
    found = tracker.nearby(session, lat, lng)
    return TrackerOut(
        cell=found.cell,
        cases=found.cases,
        fewer_than=found.fewer_than,
        radius_km=found.radius_km,
        window_days=found.days,
        policy_version=found.policy_version,
    )
