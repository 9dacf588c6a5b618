"""In-process events: a domain says what happened, the domains built on it act, in the same
transaction, without the lower domain importing the higher one.

An event's name is a constant in the emitting domain's ``events.py`` (e.g.
``vaccination.events.DOSE_RECORDED``); who listens is written in one place,
``sihat.bootstrap``, as ``hooks.subscribe(DOSE_RECORDED, certificates.listeners.dose_recorded)``,
so a reader (or grep) follows an event from its ``emit`` to its listeners through that
constant. A listener receives the caller's session, flushes and never commits; a
:class:`~sihat.core.errors.Problem` it raises refuses the whole action, so nothing of it is
written. Emitting before the bootstrap has run is an error, never a silently lost event.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

Listener = Callable[..., None]

_listeners: dict[str, list[Listener]] = defaultdict(list)
_ready = False


def subscribe(event: str, fn: Listener) -> None:
    """Call ``fn(session, **details)`` whenever ``event`` is emitted (once per function)."""
    if fn not in _listeners[event]:
        _listeners[event].append(fn)


def mark_ready() -> None:
    """The bootstrap has subscribed every listener: events may be emitted."""
    global _ready
    _ready = True


def emit(event: str, session: Session, **details: Any) -> None:
    if not _ready:
        raise RuntimeError(f"event {event!r} emitted before sihat.bootstrap.boot()")
    for fn in list(_listeners.get(event, ())):
        fn(session, **details)


def listeners(event: str) -> list[Listener]:
    return list(_listeners.get(event, ()))
