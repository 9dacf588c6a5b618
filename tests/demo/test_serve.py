"""``sihat serve`` in demo mode, as ``make run`` starts it: the URL and every persona's login
are printed only once the server answers, and request logs go to the log file, not to the
terminal where they would scroll the logins away."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from typer.testing import CliRunner

from sihat.cli import _register, app
from sihat.core.settings import get_settings
from sihat.demo import personas
from tests.servers import free_port

_register()


def test_logins_are_printed_once_the_server_answers(fresh_database, tmp_path: Path) -> None:
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "SIHAT_DATABASE_URL": url, "SIHAT_VAR_DIR": str(tmp_path)}
    os.environ["SIHAT_DATABASE_URL"] = url
    get_settings.cache_clear()
    try:
        seeded = CliRunner().invoke(app, ["demo", "seed", "--size", "12", "--json"])
    finally:
        del os.environ["SIHAT_DATABASE_URL"]
        get_settings.cache_clear()
    assert seeded.exit_code == 0, seeded.output
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with subprocess.Popen(
        [sys.executable, "-m", "sihat", "serve", "--port", str(port)],
        env={**env, "SIHAT_BASE_URL": base},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        try:
            printed = []
            for line in proc.stdout:
                printed.append(line)
                if line.startswith("sihat is ready at"):
                    # The moment the line is read, the server already answers.
                    assert httpx.get(base + "/api/v1/health", timeout=5).status_code == 200
                    break
            text = "".join(printed)
            assert f"sihat is ready at {base}" in text
            for citizen in personas.CITIZENS:
                assert citizen.phone in text and citizen.try_en in text
            assert "vaccinator.a" in text and personas.DEMO_PASSWORD in text
            assert httpx.get(base + "/login", timeout=5).status_code == 200
            os.killpg(proc.pid, signal.SIGTERM)  # a graceful stop: every log line written
            proc.wait(timeout=60)
        finally:
            with contextlib.suppress(ProcessLookupError):  # the server and its workers
                os.killpg(proc.pid, signal.SIGKILL)
        assert '"event": "request"' not in proc.stderr.read()
    logged = (tmp_path / "log" / "sihat.log").read_text()
    assert '"path": "/login"' in logged
