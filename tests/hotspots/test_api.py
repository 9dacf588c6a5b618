"""The public hotspot API: zones as districts and GeoJSON cells, the tracker, and refusals as
problem+json with a stable code; documented in OpenAPI."""

from __future__ import annotations

from sihat.core import clock
from sihat.hotspots.policy import load
from tests.hotspots.conftest import KL, case, premise, sight


def test_zones_give_every_district_and_the_cells_with_cases(session, world, client) -> None:
    k = load().k
    shop = premise(session, world.owner, "Pasar", KL)
    for _ in range(k):
        sight(session, case(session, world.people[0]), shop, clock.today_my(), world.people[1])
    body = client.get("/api/v1/hotspots/zones").json()
    assert body["day"] == clock.today_my().isoformat() and body["fewer_than"] == k
    petaling = [d for d in body["districts"] if d["district"] == "Petaling"]
    assert petaling == [
        {"state": "Selangor", "district": "Petaling", "cases": k, "colour": "yellow"}
    ]
    assert {d["colour"] for d in body["districts"]} == {"green", "yellow"}
    (feature,) = body["cells"]["features"]
    assert feature["properties"]["cases"] == k
    ring = feature["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 7  # a closed hexagon, [lng, lat]
    assert all(99.5 < lng < 119.5 and 0.5 < lat < 7.5 for lng, lat in ring)
    assert "latitude" not in str(body) and shop.id not in str(body)


def test_tracker_answers_and_refuses(session, world, client) -> None:
    shop = premise(session, world.owner, "Kedai", KL)
    sight(session, case(session, world.people[0]), shop, clock.today_my(), world.people[1])
    got = client.get("/api/v1/hotspots/tracker", params={"lat": KL[0], "lng": KL[1]})
    assert got.status_code == 200
    assert got.json()["cases"] is None and got.json()["fewer_than"] == load().k
    refused = client.get("/api/v1/hotspots/tracker", params={"lat": 51.5, "lng": -0.12})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    problem = refused.json()
    assert (problem["code"], problem["field"]) == ("hotspot_outside_malaysia", "lat")
    assert "Malaysia" in problem["detail_en"] and "Malaysia" in problem["detail_ms"]
    assert client.get("/api/v1/hotspots/tracker", params={"lat": "x", "lng": 1}).status_code in (
        400,
        422,
    )


def test_documented_in_openapi(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    tracker = paths["/api/v1/hotspots/tracker"]["get"]
    assert "application/problem+json" in tracker["responses"]["422"]["content"]
    assert "/api/v1/hotspots/zones" in paths


def test_the_map_page_refuses_a_place_it_cannot_read(client) -> None:
    for query, code in (
        ({"lat": "abc", "lng": "101.7"}, "invalid_input"),
        ({"lat": "3.1"}, "invalid_input"),
        ({"lat": "3.1", "lng": "-0.1"}, "hotspot_outside_malaysia"),
    ):
        got = client.get("/hotspots", params=query)
        assert got.status_code == 422 and got.headers["content-type"].startswith("text/html")
        assert f'data-code="{code}"' in got.text
    assert client.get("/hotspots", params={"lat": "3,139", "lng": "101,687"}).status_code == 200
