"""The in-memory buffer of security events, written after the request's transaction is over.

Why a buffer: an event must outlive the transaction of the request that caused it (a failed
login rolls back), and it must not wait for that transaction either: on SQLite the request
holds the write lock until it ends, so a second connection writing during the request would
queue behind it. :func:`record` only appends here (cheap, never touches the database, safe
under a flood); the security middleware drains the buffer right after each response in a
short transaction of its own, and commands and jobs call ``service.flush``. Events with the
same kind, source and target are aggregated into one row with a ``count``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sihat.core import clock

# Refused requests from an already-blocked source are only counted: they are written with the
# next flush or once this many seconds have passed, so a blocked flood costs no write each.
LAZY_SECONDS = 10.0
MAX_PENDING_KEYS = 10_000


@dataclass
class Pending:
    kind: str
    source_ip: str
    target: str | None
    count: int
    first_at: datetime
    last_at: datetime
    blocked: bool
    details: dict[str, Any] = field(default_factory=dict)
    account: str | None = None  # the session's account; None: anonymous or not looked up yet
    tokens: tuple[tuple[str, str], ...] = ()  # the session's tokens, owner looked up at write


class EventSink:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._events: dict[tuple[object, ...], Pending] = {}
        self._rows: list[Callable[[], object]] = []
        self._urgent = False
        self._dropped = 0

    def add(
        self,
        kind: str,
        source_ip: str,
        target: str | None,
        details: dict[str, Any],
        *,
        blocked: bool = False,
        lazy: bool = False,
        account: str | None = None,
        tokens: tuple[tuple[str, str], ...] = (),
    ) -> None:
        now = clock.now()
        key = (kind, source_ip, target, blocked, account or tokens or None)
        with self._lock:
            found = self._events.get(key)
            if found is not None:
                found.count += 1
                found.last_at = now
            elif len(self._events) >= MAX_PENDING_KEYS:
                self._dropped += 1  # counted in the next flush as an OVERFLOW detail
            else:
                self._events[key] = Pending(
                    kind, source_ip, target, 1, now, now, blocked, details, account, tokens
                )
            self._urgent = self._urgent or not lazy

    def outlive(self, factory: Callable[[], object]) -> None:
        """Queue a row (built by ``factory`` at flush time) to be written after the request."""
        with self._lock:
            self._rows.append(factory)
            self._urgent = True

    def due(self) -> bool:
        with self._lock:
            if self._urgent:
                return True
            oldest = min((p.first_at for p in self._events.values()), default=None)
        return oldest is not None and (clock.now() - oldest).total_seconds() >= LAZY_SECONDS

    def drain(self) -> tuple[list[Pending], list[Callable[[], object]], int]:
        with self._lock:
            events, rows, dropped = list(self._events.values()), self._rows, self._dropped
            self._events, self._rows, self._urgent, self._dropped = {}, [], False, 0
        return events, rows, dropped

    def requeue(self, events: list[Pending], rows: list[Callable[[], object]]) -> None:
        """Put back what a failed flush could not write (aggregating with anything newer)."""
        with self._lock:
            for p in events:
                key = (p.kind, p.source_ip, p.target, p.blocked, p.account or p.tokens or None)
                found = self._events.get(key)
                if found is None:
                    self._events[key] = p
                else:
                    found.count += p.count
                    found.first_at = min(found.first_at, p.first_at)
            self._rows[:0] = rows

    def clear(self) -> None:
        self.drain()


SINK = EventSink()
