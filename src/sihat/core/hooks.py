"""In-process events: a domain says what happened, the domains built on it act, in the same
transaction, without the lower domain importing the higher one.

Vaccination emits ``vaccination:dose:recorded`` (``dose=``) and
``vaccination:amendment:decided`` (``amendment=``, ``original=``); certificates listens.
A listener receives the caller's session, flushes and never commits; a :class:`Problem` it
raises refuses the whole action, so nothing of it is written.

Listeners live in ``sihat/<domain>/listeners.py`` and register with :func:`listen`. Those
modules are found and imported the first time any event is emitted (as Django's admin
autodiscovery does), so whether a listener runs never depends on what happened to be
imported earlier in the process.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

import sihat

Listener = Callable[..., None]

_listeners: dict[str, list[Listener]] = defaultdict(list)
_discovered = False


def listen(event: str) -> Callable[[Listener], Listener]:
    """Decorator: call the function as ``fn(session, **details)`` whenever ``event`` is emitted."""

    def register(fn: Listener) -> Listener:
        if fn not in _listeners[event]:
            _listeners[event].append(fn)
        return fn

    return register


def emit(event: str, session: Session, **details: Any) -> None:
    discover()
    for fn in list(_listeners.get(event, ())):
        fn(session, **details)


def listeners(event: str) -> list[Listener]:
    discover()
    return list(_listeners.get(event, ()))


def discover() -> None:
    """Import every ``sihat.<domain>.listeners`` module, once. No lock of our own: the import
    system already serialises each module's import, and registering twice is harmless."""
    global _discovered
    if _discovered:
        return
    root = Path(sihat.__file__).parent
    for candidate in sorted(root.glob("*/listeners.py")):
        importlib.import_module(f"sihat.{candidate.parent.name}.listeners")
    _discovered = True
