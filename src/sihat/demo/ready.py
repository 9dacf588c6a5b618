"""``sihat serve`` in demo mode: the URL and the logins printed once the server answers.

The text is read from the database before the server starts; a thread then asks the health
endpoint until it answers 200 (the server accepts connections and the application is up) and
only then prints it, so a newcomer never opens a URL that refuses the connection. Request logs
go to a file in demo mode (``SIHAT_LOG_FILE``), so nothing scrolls the logins away.

The asking is done by a small process of its own, not by a thread of ``sihat serve``: the
server forks its workers next, and a fork copies every lock that the process's other threads
hold at that instant, with no thread left in the worker to release it. A thread asking here
was, now and then, importing the ``idna`` codec (for its first connection) as a worker was
forked; that worker's first Redis connection, which imports the same codec, then waited for
ever (#17 item 9). ``sihat serve`` must therefore run no thread of its own when it forks.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
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
) -> multiprocessing.process.BaseProcess:
    """Print ``text`` once ``health_url`` answers 200 (a process of its own, see above);
    after ``give_up`` seconds without an answer, say where to look instead. The process
    leaves Ctrl+C to the server and stops when the server is gone."""

    def wait() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        server = os.getppid()
        deadline = time.monotonic() + give_up
        while time.monotonic() < deadline and os.getppid() == server:
            if answers(health_url):
                echo(text)
                return
            time.sleep(POLL_SECONDS)
        if os.getppid() == server:
            echo(f"sihat did not answer {health_url} within {give_up:.0f} s: see the log")

    # forked now, while this process still runs only its main thread
    process = multiprocessing.get_context("fork").Process(
        target=wait, name="sihat-ready", daemon=True
    )
    process.start()
    return process
