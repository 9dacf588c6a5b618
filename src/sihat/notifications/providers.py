"""Providers: one interface (``send(Outgoing) -> provider message id``) for every channel,
chosen by settings (``Settings.provider(channel)``).

- ``demo``: demo mode only (settings refuse it elsewhere); sends nothing, a page may show the
  message (``service.shows_on_screen``).
- ``outbox``: records the message as sent and sends nothing (development).
- ``http``: an SMS gateway over HTTP, JSON or form body with configurable field names; our
  message id goes as ``Idempotency-Key`` and as the reference field, so a message resent after
  a worker died mid-send is recognised by the gateway and not sent twice.
- ``smtp``: e-mail over SMTP (stdlib), our message id in ``Message-ID``.
- ``webpush``: Web Push with VAPID (pywebpush), our message id as the ``Topic`` (a resent
  message replaces the undelivered one at the push service).

A provider raises :class:`Retry` for a failure worth retrying (time-outs, 5xx, 429) and
:class:`Refused` for one that never will succeed (4xx, a push subscription that is gone).
"""

from __future__ import annotations

import json
import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol

import httpx

from sihat.core.settings import Settings


class Retry(Exception):
    """A failure worth retrying later."""


class Refused(Exception):
    """A failure that no retry will fix."""


@dataclass(frozen=True)
class Outgoing:
    id: str
    channel: str
    recipient: str
    body: str
    template: str
    language: str
    subscription: dict[str, Any] | None = field(default=None)


class Provider(Protocol):
    name: str

    def send(self, message: Outgoing) -> str: ...

    def close(self) -> None: ...


class Recorder:
    """``demo`` and ``outbox``: nothing leaves the machine."""

    def __init__(self, name: str) -> None:
        self.name = name

    def send(self, message: Outgoing) -> str:
        return f"{self.name}-{message.id}"

    def close(self) -> None:
        return None


class HttpSms:
    name = "http"

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        headers = {"User-Agent": "sihat-notify"}
        if settings.sms_gateway_token:
            headers["Authorization"] = f"Bearer {settings.sms_gateway_token}"
        self.client = client or httpx.Client(
            timeout=settings.sms_gateway_timeout_seconds, headers=headers
        )

    def send(self, message: Outgoing) -> str:
        s = self.settings
        if not s.sms_gateway_url:
            raise Retry("SIHAT_SMS_GATEWAY_URL is not set")
        fields = {
            s.sms_gateway_to_field: message.recipient,
            s.sms_gateway_text_field: message.body,
            s.sms_gateway_sender_field: s.sms_sender,
            s.sms_gateway_reference_field: message.id,
        }
        body: dict[str, Any] = (
            {"data": fields} if s.sms_gateway_format == "form" else {"json": fields}
        )
        try:
            answer = self.client.post(
                s.sms_gateway_url, headers={"Idempotency-Key": message.id}, **body
            )
        except httpx.HTTPError as exc:
            raise Retry(f"{type(exc).__name__}: {exc}"[:300]) from exc
        if answer.status_code in (408, 425, 429) or answer.status_code >= 500:
            raise Retry(f"gateway answered {answer.status_code}")
        if answer.status_code >= 400:
            raise Refused(f"gateway refused: {answer.status_code} {answer.text[:200]}")
        try:
            found = answer.json().get(s.sms_gateway_id_field)
        except (ValueError, AttributeError):
            found = None
        return str(found or message.id)

    def close(self) -> None:
        self.client.close()


class Smtp:
    name = "smtp"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: Outgoing) -> str:
        s = self.settings
        mail = EmailMessage()
        mail["From"] = s.email_sender
        mail["To"] = message.recipient
        mail["Subject"] = "sihat"
        mail["Message-ID"] = f"<{message.id}@sihat>"
        mail["Content-Language"] = message.language
        mail.set_content(message.body)
        try:
            with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=30) as smtp:
                if s.smtp_starttls:
                    smtp.starttls()
                if s.smtp_username:
                    smtp.login(s.smtp_username, s.smtp_password)
                smtp.send_message(mail)
        except smtplib.SMTPRecipientsRefused as exc:
            raise Refused(f"recipient refused: {exc}"[:300]) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise Retry(f"{type(exc).__name__}: {exc}"[:300]) from exc
        return mail["Message-ID"]

    def close(self) -> None:
        return None


class WebPush:
    name = "webpush"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: Outgoing) -> str:
        from pywebpush import WebPushException, webpush

        if message.subscription is None:
            raise Refused("the push subscription is gone")
        s = self.settings
        if not s.vapid_private_key:
            raise Retry("SIHAT_VAPID_PRIVATE_KEY is not set")
        payload = json.dumps({"title": "sihat", "body": message.body, "id": message.id})
        try:
            webpush(
                message.subscription,
                data=payload,
                vapid_private_key=s.vapid_private_key,
                vapid_claims={"sub": s.vapid_subject},
                ttl=24 * 3600,
                timeout=30,
                headers={"Topic": message.id.replace("-", "")},
            )
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (404, 410):
                raise Refused(f"push subscription gone ({status})") from exc
            if status is not None and 400 <= status < 500 and status != 429:
                raise Refused(f"push service refused: {status}") from exc
            raise Retry(f"push service: {status or exc}"[:300]) from exc
        except OSError as exc:
            raise Retry(f"{type(exc).__name__}: {exc}"[:300]) from exc
        return f"push-{message.id}"

    def close(self) -> None:
        return None


def provider_for(channel: str, settings: Settings) -> Provider:
    name = settings.provider(channel)
    if name in ("demo", "outbox"):
        if name == "demo" and not settings.demo:
            raise RuntimeError("the demo provider runs only in demo mode")
        return Recorder(name)
    makers: dict[tuple[str, str], Any] = {
        ("sms", "http"): HttpSms,
        ("email", "smtp"): Smtp,
        ("push", "webpush"): WebPush,
    }
    if (channel, name) not in makers:
        raise RuntimeError(f"no provider {name!r} for {channel}")
    provider: Provider = makers[(channel, name)](settings)
    return provider
