"""Tests of message delivery."""

from __future__ import annotations

from sihat.notifications.models import OutboxMessage


def sms(message: OutboxMessage | None) -> OutboxMessage:
    """The SMS ``queue_sms`` returned (it returns ``None`` when no SMS was queued)."""
    assert message is not None
    return message
