"""A directory of signing or encryption keys kept outside the database (orders' Ed25519 keys,
MySJ Trace's TempID keys): each key a private file named by its id, an ``active`` file naming
the one in use, and creation on first use in demo mode only."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from pathlib import Path

from sihat.core.errors import Problem
from sihat.core.logging import get_logger

ACTIVE = "active"
_lock = threading.Lock()
log = get_logger("sihat.keys")


def write_private(path: Path, data: bytes) -> None:
    """A new key file only its owner can read; an existing one is never overwritten."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def activate(root: Path, kid: str) -> None:
    """Make ``kid`` the key in use (an atomic rename: readers see the old id or the new)."""
    tmp = root / (ACTIVE + ".tmp")
    tmp.write_text(kid + "\n", encoding="utf-8")
    tmp.replace(root / ACTIVE)


def ensure(
    root: Path,
    *,
    demo: bool,
    create: Callable[[], str],
    missing: str,
    what: str,
    command: str,
) -> Path:
    """``root`` with an active key: made by ``create`` in demo mode (once, even when several
    processes start together), else the problem ``missing``."""
    if (root / ACTIVE).is_file():
        return root
    if not demo:
        raise Problem(missing)
    root.mkdir(parents=True, exist_ok=True)
    with _lock, open(root / ".init.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another process may be creating it too
        if not (root / ACTIVE).is_file():
            kid = create()
            log.warning(
                f"{what} created (demo mode)",
                key_dir=str(root.resolve()),
                kid=kid,
                hint=f"production: run `{command}` and keep the directory",
            )
    return root
