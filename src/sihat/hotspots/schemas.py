"""Hotspot answers on the API (never the tables; no case, person or premise coordinates)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Colour = Literal["red", "orange", "yellow", "green"]


class DistrictOut(BaseModel):
    state: str
    district: str
    cases: int = Field(description="confirmed cases in the window whose district this is")
    colour: Colour


class ZonesOut(BaseModel):
    day: str = Field(description="the last Malaysia date of the window (YYYY-MM-DD)")
    window_days: int
    policy_version: str
    fewer_than: int = Field(description="a cell's count below this is published as null")
    districts: list[DistrictOut]
    cells: dict[str, Any] = Field(
        description="GeoJSON FeatureCollection of H3 cells (polygons) with properties "
        "cell, cases (null when fewer than `fewer_than`) and colour"
    )


class TrackerOut(BaseModel):
    cell: str = Field(
        description="the H3 cell of the place asked; every point in it gets this answer"
    )
    cases: int | None = Field(
        description="cases within the radius, or null when fewer than `fewer_than`"
    )
    fewer_than: int
    radius_km: float
    window_days: int
    policy_version: str
