"""Premises: registration rules, the bilingual poster whose code scans back, counts only."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import zxingcpp
from PIL import Image

from sihat.core import clock
from tests.checkins.conftest import code_of

GOOD = {
    "name": "Surau Al-Hidayah",
    "category": "WORSHIP",
    "address": "Lot 5, Jalan Masjid",
    "state": "Kelantan",
    "district": "Kota Bharu",
    "latitude": 6.12,
    "longitude": 102.24,
}


def test_register_and_list(client, owner) -> None:
    r = client.post("/api/v1/premises", json=GOOD, headers=owner.headers)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["role"] == "OWNER" and out["qr_version"] == 1 and "/c/k1." in out["qr_url"]
    listed = client.get("/api/v1/premises", headers=owner.headers).json()
    assert [p["premise_id"] for p in listed] == [out["premise_id"]]
    assert client.post("/api/v1/premises", json=GOOD).status_code == 401


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"state": "Atlantis"}, "invalid_state"),
        ({"district": "Petaling"}, "invalid_district"),
        ({"category": "CASINO"}, "invalid_category"),
        ({"name": "  x "}, "invalid_premise_name"),
    ],
)
def test_bad_premise_refused(client, owner, change, code) -> None:
    r = client.post("/api/v1/premises", json={**GOOD, **change}, headers=owner.headers)
    assert r.status_code == 422 and r.json()["code"] == code
    assert client.get("/api/v1/premises", headers=owner.headers).json() == []


@pytest.mark.parametrize("lang", ["ms", "en", "both"])
def test_poster_png_scans_back_to_the_code(client, owner, shop, lang) -> None:
    r = client.get(f"/api/v1/premises/{shop.id}/poster.png?lang={lang}", headers=owner.headers)
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(r.content))
    assert image.size == (1240, 1753)  # A4 at 150 dpi
    [found] = zxingcpp.read_barcodes(image)
    assert found.text == code_of(shop)


def test_poster_pdf_in_both_languages(client, owner, shop) -> None:
    r = client.get(f"/api/v1/premises/{shop.id}/poster.pdf", headers=owner.headers)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert client.get(f"/api/v1/premises/{shop.id}/poster.pdf").status_code == 401


def test_counts_are_numbers_never_people(client, session, owner, alice, shop) -> None:
    with clock.frozen(datetime(2026, 11, 20, 3, 0, tzinfo=UTC)):
        client.post("/api/v1/checkins", json={"qr": code_of(shop)}, headers=alice.headers)
        r = client.get(f"/api/v1/premises/{shop.id}/counts?days=3", headers=owner.headers)
        assert (
            client.get(f"/api/v1/premises/{shop.id}/counts", headers=alice.headers).status_code
            == 404
        )
    rows = r.json()
    assert [row["checkins"] for row in rows] == [0, 0, 1]
    assert rows[-1] == {"day": "2026-11-20", "checkins": 1, "open_now": 1}
    assert set(rows[0]) == {"day", "checkins", "open_now"}
