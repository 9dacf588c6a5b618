"""Delivery receipts: signed by the gateway, refused unsigned, idempotent, final states never
change; the stand-in gateway's receipts reach a live server."""

from __future__ import annotations

import json

from sqlalchemy import select

from sihat.notifications import receipts
from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import deliver_pending, queue_sms
from sihat.notifications.worker import deliver_due
from tests.notifications import sms
from tests.notifications.conftest import SECRET

URL = "/api/v1/notifications/receipts"


def post(client, payload: object, secret: str = SECRET, timestamp: int = 1_700_000_000):
    body = json.dumps(payload).encode()
    signature = receipts.sign(secret, body, timestamp)
    return client.post(
        URL,
        content=body,
        headers={"Content-Type": "application/json", receipts.HEADER: signature},
    )


def sent_message(session) -> OutboxMessage:
    message = sms(queue_sms(session, "+60191234567", "registration", channel="WEB"))
    session.flush()
    deliver_pending(session)
    session.commit()
    return message


def test_a_signed_receipt_marks_the_message_delivered_once(client, session, settings) -> None:
    settings.sms_receipt_secret = SECRET
    message = sent_message(session)
    answer = post(client, [{"message_id": message.provider_message_id, "status": "DELIVERED"}])
    assert answer.status_code == 200 and answer.json() == {"received": 1, "changed": 1}
    session.expire_all()
    row = session.get(OutboxMessage, message.id)
    assert row.status == "DELIVERED" and row.delivered_at is not None
    again = post(client, {"reference": message.id, "status": "FAILED"})  # late or replayed
    assert again.json() == {"received": 1, "changed": 0}
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == "DELIVERED"


def test_an_unsigned_or_wrongly_signed_receipt_changes_nothing(client, session, settings) -> None:
    settings.sms_receipt_secret = SECRET
    message = sent_message(session)
    payload = {"reference": message.id, "status": "DELIVERED"}
    wrong = post(client, payload, secret="not-the-secret")
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "receipt_bad_signature"
    unsigned = client.post(URL, json=payload)
    assert unsigned.status_code == 401
    bad = post(client, {"reference": message.id, "status": "READ"})
    assert bad.status_code == 422 and bad.json()["code"] == "receipt_bad"
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == "SENT"


def test_the_gateways_receipts_reach_the_server(live, http_sms, gateway) -> None:
    gateway.control(receipt_url=f"{live.url}{URL}")
    with live.database.unit_of_work() as s:
        queue_sms(s, "+60191112222", "registration", channel="WEB")
        queue_sms(s, "+60191113333", "registration", channel="WEB")
    assert deliver_due(live.database)["sent"] == 2
    assert gateway.send_receipts("DELIVERED") == {"sent": 2, "answer": 200}
    with live.database.unit_of_work() as s:
        states = s.scalars(select(OutboxMessage.status)).all()
    assert states == ["DELIVERED", "DELIVERED"]


def test_no_receipt_is_taken_without_a_shared_secret(client, session, settings) -> None:
    settings.sms_receipt_secret = ""
    message = sent_message(session)
    answer = post(client, {"reference": message.id, "status": "DELIVERED"}, secret="")
    assert answer.status_code == 401 and answer.json()["code"] == "receipt_bad_signature"


def test_a_message_given_up_on_is_still_delivered_by_its_receipt(session) -> None:
    message = sent_message(session)
    message.status = "DEAD"  # its worker died on the last attempt, after the gateway took it
    assert receipts.apply(session, [{"reference": message.id, "status": "DELIVERED"}]) == 1
    assert message.status == "DELIVERED"
    assert receipts.apply(session, [{"reference": message.id, "status": "FAILED"}]) == 0
