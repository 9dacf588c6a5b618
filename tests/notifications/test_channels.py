"""E-mail over SMTP to a real SMTP server (aiosmtpd), and Web Push with VAPID to a local HTTP
server standing in for the push service (the payload decrypted as a browser would)."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Iterator
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from aiosmtpd.controller import Controller
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import queue_sms, set_preferences, subscribe_push
from sihat.notifications.worker import deliver_due
from tests.servers import free_port

PHONE = "+60197654321"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    handler, port = Inbox(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_email_goes_to_the_address_the_person_gave(fresh_database, settings, smtp_server) -> None:
    handler, port = smtp_server
    settings.sms_provider, settings.email_provider = "outbox", "smtp"
    settings.smtp_host, settings.smtp_port = "127.0.0.1", port
    settings.notify_quiet_hours = (0, 0)
    with fresh_database.unit_of_work() as s:
        set_preferences(
            s, PHONE, language="en", quiet_hours=True, opted_out=[], email="ali@example.my"
        )
        queue_sms(s, PHONE, "registration", channel="WEB")
    assert deliver_due(fresh_database) == {"claimed": 2, "sent": 2}
    [envelope] = handler.messages
    assert envelope.rcpt_tos == ["ali@example.my"]
    mail = message_from_bytes(envelope.content)
    text = mail.get_payload(decode=True)
    assert isinstance(text, bytes) and b"vaccination registration received (WEB)" in text
    with fresh_database.unit_of_work() as s:
        email = s.scalar(select(OutboxMessage).where(OutboxMessage.channel == "email"))
    assert email.status == "SENT" and email.provider_message_id == mail["Message-ID"]


class PushService(BaseHTTPRequestHandler):
    received: list[tuple[str, dict[str, str], bytes]] = []
    answer = 201

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        PushService.received.append(
            (self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        self.send_response(PushService.answer)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def push_service() -> Iterator[str]:
    PushService.received, PushService.answer = [], 201
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), PushService)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_web_push_with_vapid_reaches_the_push_service(
    fresh_database, settings, push_service
) -> None:
    server_key = ec.generate_private_key(ec.SECP256R1())
    settings.sms_provider, settings.push_provider = "outbox", "webpush"
    settings.vapid_private_key = b64(server_key.private_numbers().private_value.to_bytes(32, "big"))
    settings.notify_quiet_hours = (0, 0)
    browser_key = ec.generate_private_key(ec.SECP256R1())
    p256dh = b64(
        browser_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    auth = os.urandom(16)
    with fresh_database.unit_of_work() as s:
        subscribe_push(s, PHONE, f"{push_service}/push/device-1", p256dh, b64(auth))
        queue_sms(s, PHONE, "registration", channel="WEB")
    assert deliver_due(fresh_database) == {"claimed": 2, "sent": 2}
    [(path, headers, body)] = PushService.received
    assert path == "/push/device-1"
    assert headers["authorization"].startswith("vapid t=") and ",k=" in headers["authorization"]
    assert headers["content-encoding"] == "aes128gcm" and int(headers["ttl"]) > 0
    with fresh_database.unit_of_work() as s:
        push = s.scalar(select(OutboxMessage).where(OutboxMessage.channel == "push"))
    assert headers["topic"] == push.id.replace("-", "")
    payload = json.loads(
        http_ece.decrypt(body, private_key=browser_key, auth_secret=auth, version="aes128gcm")
    )
    assert payload["body"] == push.body and push.status == "SENT"


def test_a_push_subscription_that_is_gone_fails_for_good(
    fresh_database, settings, push_service
) -> None:
    PushService.answer = 410
    server_key = ec.generate_private_key(ec.SECP256R1())
    settings.sms_provider, settings.push_provider = "outbox", "webpush"
    settings.vapid_private_key = b64(server_key.private_numbers().private_value.to_bytes(32, "big"))
    settings.notify_quiet_hours = (0, 0)
    browser_key = ec.generate_private_key(ec.SECP256R1())
    p256dh = b64(
        browser_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    with fresh_database.unit_of_work() as s:
        subscribe_push(s, PHONE, f"{push_service}/push/gone", p256dh, b64(os.urandom(16)))
        queue_sms(s, PHONE, "registration", channel="WEB")
    deliver_due(fresh_database)
    with fresh_database.unit_of_work() as s:
        push = s.scalar(select(OutboxMessage).where(OutboxMessage.channel == "push"))
    assert push.status == "FAILED" and "410" in push.last_error
