"""The demo announcer of ``sihat serve`` runs beside the server, never as a thread inside it:
the server forks its workers right after starting it, and a fork copies the locks another
thread holds (#17 item 9: a worker's first Redis connection waited for ever on the import of
the ``idna`` codec that the announcer thread was in the middle of)."""

from __future__ import annotations

import os
import threading

from sihat.demo import ready
from tests.servers import free_port


def test_the_announcer_leaves_the_server_with_one_thread_and_gives_up_aloud() -> None:
    silent = f"http://127.0.0.1:{free_port()}/api/v1/health"  # nothing listens there
    read, write = os.pipe()

    def say(text: str) -> None:
        os.write(write, text.encode())

    before = threading.active_count()
    try:
        announcer = ready.announce_when_ready(silent, "ready", say, give_up=1.0)
        assert threading.active_count() == before
        announcer.join(timeout=60)
        assert announcer.exitcode == 0
    finally:
        os.close(write)
    with os.fdopen(read, "rb") as said:
        assert said.read().decode() == f"sihat did not answer {silent} within 1 s: see the log"
