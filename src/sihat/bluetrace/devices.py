"""Devices and their TempIDs. An account registers a phone (a random 21-byte UID and a
handshake PIN from the server, never ``uid[:6]`` as in the reference); the phone fetches a batch
of 100 TempIDs every 12 hours; a revoked device gets no more. "MySJ Trace users" are counted
here: devices that fetched TempIDs in the last 14 days, and accounts that ever enabled it."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.bluetrace import keys, tempid
from sihat.bluetrace.models import TraceDevice
from sihat.bluetrace.settings import TraceSettings
from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.identity.models import Account

BATCH = 100
VALIDITY = timedelta(minutes=15)
REFRESH = timedelta(hours=12)
EARLY = timedelta(seconds=60)  # the first TempID starts a minute early (clock skew)
ACTIVE_DAYS = 14


@dataclass(frozen=True)
class Batch:
    tempids: list[tuple[str, int, int]]  # (TempID, start, expiry)
    refresh_time: int


def new_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def register(session: Session, account: Account) -> TraceDevice:
    """A new device for ``account`` (a phone may re-register: each gets its own UID)."""
    while True:
        uid = tempid.new_uid()
        if session.scalar(select(TraceDevice.id).where(TraceDevice.uid == uid)) is None:
            break  # pragma: no cover - 168 random bits never collide in practice
    device = TraceDevice(uid=uid, account_id=account.id, pin=new_pin(), registered_at=clock.now())
    session.add(device)
    session.flush()
    trail.record(
        session,
        "trace:device:registered",
        actor_type="account",
        actor_id=account.id,
        target_type="trace_device",
        target_id=device.id,
    )
    return device


def own_device(session: Session, account: Account, uid: str) -> TraceDevice:
    """The caller's device by UID; ``trace_device_not_found`` for anyone else's."""
    found = session.scalar(
        select(TraceDevice).where(TraceDevice.uid == uid, TraceDevice.account_id == account.id)
    )
    if found is None:
        raise Problem("trace_device_not_found", field="uid")
    return found


def usable(session: Session, account: Account, uid: str) -> TraceDevice:
    device = own_device(session, account, uid)
    if device.revoked_at is not None:
        raise Problem("trace_device_revoked", field="uid")
    return device


def revoke(session: Session, account: Account, uid: str) -> TraceDevice:
    """Turn tracing off for a device: no more TempIDs; idempotent."""
    device = own_device(session, account, uid)
    if device.revoked_at is None:
        device.revoked_at = clock.now()
        trail.record(
            session,
            "trace:device:revoked",
            actor_type="account",
            actor_id=account.id,
            target_type="trace_device",
            target_id=device.id,
        )
        session.flush()
    return device


def batch_for(uid: str, at: datetime, settings: TraceSettings | None = None) -> Batch:
    """100 TempIDs of 15 minutes from ``at`` (the first a minute early), with the active key."""
    aead = keys.active_key(settings).aead()
    raw = tempid.uid_bytes(uid)
    first = int(at.timestamp()) - int(EARLY.total_seconds())
    step = int(VALIDITY.total_seconds())
    out = []
    for i in range(BATCH):
        start = first + i * step
        expiry = start + step
        out.append((tempid.encode_with(aead, raw, start, expiry, os.urandom(16)), start, expiry))
    return Batch(out, int((at + REFRESH).timestamp()))


def tempids(
    session: Session, account: Account, uid: str, settings: TraceSettings | None = None
) -> Batch:
    """A batch for the caller's device; marks it as an active MySJ Trace user."""
    device = usable(session, account, uid)
    now = clock.now()
    made = batch_for(device.uid, now, settings)
    device.first_fetch_at = device.first_fetch_at or now
    device.last_fetch_at = now
    session.flush()
    return made


def active_users(session: Session, at: datetime | None = None) -> int:
    """Devices that fetched TempIDs in the last 14 days and are not revoked."""
    at = at or clock.now()
    return int(
        session.scalar(
            select(func.count(TraceDevice.id)).where(
                TraceDevice.last_fetch_at > at - timedelta(days=ACTIVE_DAYS),
                TraceDevice.revoked_at.is_(None),
            )
        )
        or 0
    )


def first_enabled_days(session: Session) -> list[date]:
    """Each account's first device registration as a Malaysia date, sorted (for the live
    audit's ``trace_users_cumulative``: accounts that ever enabled tracing)."""
    rows = session.execute(
        select(TraceDevice.account_id, func.min(TraceDevice.registered_at)).group_by(
            TraceDevice.account_id
        )
    )
    return sorted(clock.malaysia_date(at) for _, at in rows)
