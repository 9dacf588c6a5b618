"""Hotspot pages: the public map of zones with the Hotspot Tracker (``/hotspots``), a premise
owner's status and guidance (``/premises/{id}/hotspot``), and the officer's ranked list of
hotspot premises in their area (``/staff/hotspots``, in the staff menu of health officers)."""

from __future__ import annotations

from typing import Any

import h3
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.cases import access as case_access
from sihat.cases.deps import is_officer
from sihat.checkins.premises import premise_for_member
from sihat.core import clock, i18n
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.core.web import DB, page, refusal_context, render
from sihat.hotspots import premises, tracker, words, zones
from sihat.hotspots.policy import Policy, load
from sihat.identity.deps import Caller, page_caller
from sihat.staff import nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)

HOTSPOTS = nav.link("/staff/hotspots", "hs.staff_title", is_officer, order=22)


def _coordinate(raw: str | None, field: str) -> float | None:
    if raw is None or not raw.strip():
        return None
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        raise Problem("invalid_input", field=field) from None


def km(value: float) -> str:
    """1.0 -> "1", 0.5 -> "0.5" (a radius for people)."""
    return f"{value:g}"


def _map_context(session: Session, policy: Policy) -> dict[str, Any]:
    day = clock.today_my()
    districts = zones.district_counts(session, day, policy)
    settings = get_settings()
    return {
        "policy": policy,
        "day": day,
        "districts": sorted(
            (d for d in districts if d.cases), key=lambda d: (-d.cases, d.state, d.district)
        ),
        "green": sum(1 for d in districts if not d.cases),
        "cells": zones.cells(session, day, policy),
        "km": km,
        "tiles": settings.map_tiles_url,
        "attribution": settings.map_tiles_attribution,
    }


@router.get("/hotspots", response_class=HTMLResponse)
@page("hotspots/map.html", districts=[], cells=[], green=0)
def map_page(
    request: Request,
    lat: str | None = None,
    lng: str | None = None,
    session: Session = DB,
) -> Response:
    policy = load()
    context = _map_context(session, policy)
    refusal_context(request, lambda: _map_context(session, policy), lat=lat, lng=lng, found=None)
    found = None
    here = (_coordinate(lat, "lat"), _coordinate(lng, "lng"))
    if here[0] is not None or here[1] is not None:
        if here[0] is None or here[1] is None:
            raise Problem("invalid_input", field="lat" if here[0] is None else "lng")
        found = tracker.nearby(session, here[0], here[1], policy)
    centre = h3.cell_to_latlng(found.cell) if found else None
    return render(
        request, "hotspots/map.html", found=found, lat=lat, lng=lng, here=centre, **context
    )


@router.get("/premises/{premise_id}/hotspot", response_class=HTMLResponse)
def premise_page(
    request: Request,
    premise_id: str,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    premise = premise_for_member(session, caller.account, premise_id)
    policy = load()
    status = premises.status_of(session, premise.id, clock.today_my(), policy)
    level = status.level or "none"
    guidance = sorted(k for k in words.TEXT if k.startswith(f"hs.guide.{level}."))
    return render(
        request,
        "hotspots/premise.html",
        premise=premise,
        status=status,
        policy=policy,
        guidance=guidance,
    )


@router.get("/staff/hotspots", response_class=HTMLResponse)
@page("hotspots/staff.html", hotspots=[])
def staff_page(
    request: Request, session: Session = DB, staff: StaffAccount = gate(HOTSPOTS)
) -> Response:
    policy, day = load(), clock.today_my()
    mine = [
        h
        for h in premises.hotspots(session, day, policy)
        if case_access.covers(staff, h.state, h.district)
    ]
    area = case_access.area_label(staff)
    return render(
        request,
        "hotspots/staff.html",
        hotspots=mine,
        day=day,
        policy=policy,
        area=area,
        large=sum(1 for h in mine if h.level == "LARGE"),
        small=sum(1 for h in mine if h.level == "SMALL"),
    )
