"""``sihat serve`` in demo mode: the URL and the logins printed once the server answers.

The text is read from the database before the server starts; a thread then asks the health
endpoint until it answers 200 (the server accepts connections and the application is up) and
only then prints it, so a newcomer never opens a URL that refuses the connection. Request logs
go to a file in demo mode (``SIHAT_LOG_FILE``), so nothing scrolls the logins away.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from sihat.core.db import command_unit_of_work
from sihat.demo import logins

POLL_SECONDS = 0.1
GIVE_UP_SECONDS = 120.0


def banner(base_url: str, log_file: Path | None) -> str:
    try:
        with command_unit_of_work() as session:
            text = logins.text(session, base_url)
    except SQLAlchemyError:  # no schema yet: the server says so itself; print the URL only
        text = f"sihat is at {base_url} (no demo data: run `sihat demo seed`)\n"
    where = f"; logs: {log_file}" if log_file else ""
    return f"{'=' * 78}\n{text}\nsihat is ready at {base_url}{where}; stop with Ctrl+C\n{'=' * 78}"


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def announce_when_ready(
    health_url: str, text: str, echo: Callable[[str], None], give_up: float = GIVE_UP_SECONDS
) -> threading.Thread:
    """Print ``text`` once ``health_url`` answers 200 (a daemon thread); after ``give_up``
    seconds without an answer, say where to look instead."""

    def wait() -> None:
        deadline = time.monotonic() + give_up
        while time.monotonic() < deadline:
            if answers(health_url):
                echo(text)
                return
            time.sleep(POLL_SECONDS)
        echo(f"sihat did not answer {health_url} within {give_up:.0f} s: see the log")

    thread = threading.Thread(target=wait, name="sihat-ready", daemon=True)
    thread.start()
    return thread
