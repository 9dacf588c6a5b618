"""Durability: a server killed (SIGKILL) in the middle of a load loses no check-in it
acknowledged. The server runs as production runs it (``python -m sihat serve``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx

from sihat.checkins import loadclient, simulate


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**os.environ, "SIHAT_DATABASE_URL": url, "SIHAT_LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sihat", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    proc.kill()
    proc.wait()
    raise RuntimeError("server did not start")


def test_sigkill_mid_load_loses_no_acknowledged_checkin(fresh_database) -> None:  # type: ignore[no-untyped-def]
    with fresh_database.unit_of_work() as session:
        phones = simulate.prepare(session, accounts=400, premise_count=40)
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    proc, base = _serve(url)
    offsets = [i / 400 for i in range(1600)]  # 400/s for 4 s; the kill comes after 1.5 s
    results: list[loadclient.Result] = []
    load = threading.Thread(
        target=lambda: results.append(
            loadclient.run_sync(
                base, simulate.request_factory(phones), offsets, 48, keep_bodies=True
            )
        )
    )
    try:
        load.start()
        time.sleep(1.5)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        load.join(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    [result] = results
    acknowledged = simulate.acknowledged_ids(result)
    assert len(acknowledged) > 50, "the load should have been acknowledged before the kill"
    assert result.errors > 0, "the kill should have cut requests off mid-load"
    fresh_database.engine.dispose()  # read as a new process would, after recovery
    assert simulate.stored(fresh_database, acknowledged) == len(set(acknowledged))
