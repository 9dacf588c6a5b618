"""The public keys and the verify API: an order's document verifies against the published
keys; a tampered one is refused with its reason in Malay and English."""

from __future__ import annotations

from sihat.core import clock
from sihat.orders import document, service
from tests.orders.conftest import NOW, H, World


def test_keys_published_and_documents_verified(client, session, world: World) -> None:
    with clock.frozen(NOW):
        order = service.issue_hso(
            session, world.crew["health_petaling"].account, world.case.id, world.contact.id
        )
        check(client, order)
    with clock.frozen(NOW + 11 * 24 * H):
        late = client.post("/api/v1/orders/verify", json={"document": order.document}).json()
    assert late["valid"] is False and late["reason"] == "expired"


def check(client, order) -> None:
    published = client.get("/api/v1/orders/keys").json()["keys"]
    offline = {k["kid"]: document.public_key_from_text(k["public_key"]) for k in published}
    assert document.verify(order.document, offline).payload["no"] == order.order_no

    ok = client.post("/api/v1/orders/verify", json={"document": order.document}).json()
    assert ok["valid"] is True and ok["order"]["no"] == order.order_no

    tampered = order.document[:-3] + ("AAA" if not order.document.endswith("AAA") else "BBB")
    bad = client.post("/api/v1/orders/verify", json={"document": tampered}).json()
    assert bad["valid"] is False and bad["reason"] == "bad_signature"
    assert bad["reason_ms"] and bad["reason_en"] and bad["order"] is None

    junk = client.post("/api/v1/orders/verify", json={"document": "hello"}).json()
    assert junk["reason"] == "malformed"
    refused = client.post("/api/v1/orders/verify", json={"document": "x", "extra": 1})
    assert refused.status_code == 422
