"""The outside world of notifications, for real: a stand-in SMS gateway process
(``sihat.notifications.standin``), an SMTP server (aiosmtpd) and a push service stand-in."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from sihat.core.settings import Settings
from tests.servers import free_port, kill

SECRET = "receipt-secret-for-tests-0123456789"


class StandIn:
    def __init__(self, url: str, proc: subprocess.Popen[bytes]) -> None:
        self.url, self.proc = url, proc

    def control(self, **change: Any) -> None:
        httpx.post(f"{self.url}/_standin/control", json=change, timeout=10).raise_for_status()

    def messages(self, to: str | None = None) -> list[dict[str, Any]]:
        params = {"to": to} if to else {}
        answer = httpx.get(f"{self.url}/_standin/messages", params=params, timeout=10)
        return list(answer.json())

    def stats(self) -> dict[str, int]:
        return dict(httpx.get(f"{self.url}/_standin/stats", timeout=10).json())

    def send_receipts(self, status: str = "DELIVERED") -> dict[str, Any]:
        answer = httpx.post(f"{self.url}/_standin/receipts", json={"status": status}, timeout=30)
        return dict(answer.json())


def start_gateway() -> StandIn:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sihat.notifications.standin",
            "--port",
            str(port),
            "--secret",
            SECRET,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url + "/_standin/stats", timeout=1)
            return StandIn(url, proc)
        except httpx.HTTPError:
            time.sleep(0.05)
    kill(proc)
    raise RuntimeError("stand-in gateway did not start")


@pytest.fixture
def gateway() -> Iterator[StandIn]:
    made = start_gateway()
    try:
        yield made
    finally:
        kill(made.proc)


@pytest.fixture
def http_sms(settings: Settings, gateway: StandIn) -> Settings:
    """Settings that send SMS through the stand-in gateway, retrying quickly."""
    settings.sms_provider = "http"
    settings.sms_gateway_url = f"{gateway.url}/sms"
    settings.sms_receipt_secret = SECRET
    settings.notify_backoff_seconds = 10
    settings.notify_quiet_hours = (0, 0)  # never quiet unless a test says so
    return settings
