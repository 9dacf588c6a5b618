"""The delivery worker: claims due messages, sends them through their channel's provider,
records what happened. Several workers (server processes, ``sihat notify deliver``) may run
at once.

1. **Claim** (one short transaction): due rows are PENDING with ``not_before`` passed, or
   SENDING whose lease ran out (their worker died). PostgreSQL locks them with
   ``FOR UPDATE SKIP LOCKED`` so two workers never take one row; SQLite's writer lock
   (``BEGIN IMMEDIATE``) serialises claims. A row past its validity becomes EXPIRED, a row
   with no attempts left DEAD; the others become SENDING with a lease and one more attempt.
2. **Send**, outside any transaction, with the message id as the idempotency key.
3. **Record** (one transaction): SENT with the provider's id; or back to PENDING after an
   exponential backoff with jitter; DEAD after ``notify_max_attempts`` with the last error;
   FAILED when the provider refused it for good. A row is only recorded by the worker that
   holds its claim.

A worker killed between 2 and 3 leaves a SENDING row; once its lease has run out another
worker sends it again with the same idempotency key, and the gateway answers with the first
send's id instead of sending twice.
"""

from __future__ import annotations

import os
import random
import socket
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.db import Database, is_sqlite
from sihat.core.logging import get_logger
from sihat.core.settings import Settings, get_settings
from sihat.notifications.models import OutboxMessage, PushSubscription
from sihat.notifications.providers import Outgoing, Provider, Refused, Retry, provider_for

log = get_logger("sihat.notify")


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def backoff(attempts: int, settings: Settings) -> timedelta:
    """Exponential, capped, with "equal jitter": half fixed, half random."""
    ceiling = min(
        settings.notify_backoff_max_seconds,
        settings.notify_backoff_seconds * 2 ** max(attempts - 1, 0),
    )
    return timedelta(seconds=ceiling / 2 + random.uniform(0, ceiling / 2))


def _due(now: object) -> object:
    return or_(
        and_(
            OutboxMessage.status == "PENDING",
            or_(OutboxMessage.not_before.is_(None), OutboxMessage.not_before <= now),
        ),
        and_(OutboxMessage.status == "SENDING", OutboxMessage.lease_until < now),
    )


def claim(
    session: Session, worker: str, limit: int, settings: Settings
) -> tuple[list[Outgoing], int]:
    """Claim up to ``limit`` due rows; returns what to send and how many rows were touched
    (expired and dead ones included)."""
    now = clock.now()
    query = (
        select(OutboxMessage)
        .where(_due(now))  # type: ignore[arg-type]
        .order_by(OutboxMessage.urgent.desc(), OutboxMessage.created_at)
        .limit(limit)
    )
    if not is_sqlite(session):
        query = query.with_for_update(skip_locked=True)
    claimed: list[Outgoing] = []
    touched = 0
    for row in session.scalars(query):
        touched += 1
        if row.expires_at is not None and now > row.expires_at:
            row.status, row.lease_until, row.claimed_by = "EXPIRED", None, None
            row.last_error = "validity passed before it could be sent"
            continue
        if row.attempts >= settings.notify_max_attempts:
            row.status, row.lease_until, row.claimed_by = "DEAD", None, None
            row.last_error = row.last_error or "worker lost while sending"
            continue
        row.status = "SENDING"
        row.attempts += 1
        row.lease_until = now + timedelta(seconds=settings.notify_lease_seconds)
        row.claimed_by = worker
        subscription = None
        if row.channel == "push":
            found = session.get(PushSubscription, row.recipient)
            if found is not None:
                subscription = {
                    "endpoint": found.endpoint,
                    "keys": {"p256dh": found.p256dh, "auth": found.auth},
                }
        claimed.append(
            Outgoing(
                row.id,
                row.channel,
                row.recipient,
                row.body,
                row.template,
                row.language,
                subscription,
            )
        )
    session.flush()
    return claimed, touched


@dataclass
class Outcome:
    message_id: str
    provider: str
    provider_message_id: str | None = None
    retry: str | None = None
    refused: str | None = None


def record(session: Session, worker: str, outcomes: list[Outcome], settings: Settings) -> None:
    now = clock.now()
    query = select(OutboxMessage).where(
        OutboxMessage.id.in_([o.message_id for o in outcomes]),
        OutboxMessage.claimed_by == worker,
    )
    if not is_sqlite(session):
        query = query.with_for_update()
    held = {row.id: row for row in session.scalars(query)}
    for outcome in outcomes:
        row = held.get(outcome.message_id)
        if row is None:
            continue  # the lease ran out and another worker took it over
        row.lease_until, row.claimed_by, row.provider = None, None, outcome.provider
        if outcome.provider_message_id is not None:
            row.provider_message_id = outcome.provider_message_id
            row.sent_at = now
            if row.status == "SENDING":  # a fast receipt may already have said more
                row.status = "SENT"
        elif outcome.refused is not None:
            row.status, row.last_error = "FAILED", outcome.refused[:300]
        else:
            row.last_error = (outcome.retry or "retry")[:300]
            if row.attempts >= settings.notify_max_attempts:
                row.status = "DEAD"
            else:
                row.status = "PENDING"
                row.not_before = now + backoff(row.attempts, settings)
    session.flush()


def send_all(messages: list[Outgoing], providers: dict[str, Provider]) -> list[Outcome]:
    outcomes = []
    for message in messages:
        outcome = Outcome(message.id, "none")
        try:
            provider = providers[message.channel]  # a misconfigured channel is retried later
            outcome.provider = provider.name
            outcome.provider_message_id = provider.send(message)
        except Refused as exc:
            outcome.refused = str(exc) or "refused"
        except Retry as exc:
            outcome.retry = str(exc) or "retry"
        except Exception as exc:  # a provider bug must not leave the row SENDING for ever
            outcome.retry = f"{type(exc).__name__}: {exc}"
        outcomes.append(outcome)
    return outcomes


class Providers(dict[str, Provider]):
    """Providers made on first use, one per channel, closed together."""

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def __missing__(self, channel: str) -> Provider:
        made = provider_for(channel, self.settings)
        self[channel] = made
        return made

    def close(self) -> None:
        for provider in self.values():
            provider.close()


def deliver_due(
    database: Database,
    *,
    providers: dict[str, Provider] | None = None,
    worker: str | None = None,
    max_batches: int = 50,
) -> dict[str, int]:
    """Deliver what is due, batch after batch, until nothing is due (or ``max_batches``).
    Returns how many were claimed and how many of them were sent."""
    settings = get_settings()
    worker = worker or worker_name()
    own = providers is None
    chosen: dict[str, Provider] = Providers(settings) if providers is None else providers
    totals = {"claimed": 0, "sent": 0}
    try:
        for _ in range(max_batches):
            with database.unit_of_work() as session:
                messages, touched = claim(session, worker, settings.notify_batch, settings)
            if not touched:
                break
            if not messages:
                continue
            outcomes = send_all(messages, chosen)
            with database.unit_of_work() as session:
                record(session, worker, outcomes, settings)
            totals["claimed"] += len(messages)
            totals["sent"] += sum(o.provider_message_id is not None for o in outcomes)
    finally:
        if own and isinstance(chosen, Providers):
            chosen.close()
    if totals["claimed"]:
        log.info("delivered", worker=worker, **totals)
    return totals


def job(database: Database) -> object:
    """The scheduled job ``notify-delivery``."""
    return deliver_due(database)
