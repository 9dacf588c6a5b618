"""Real servers and scratch databases for the tests and benches that need a separate process:
``serve`` starts ``python -m sihat serve`` as production runs it; ``scratch_database_url``
gives an empty SQLite file or PostgreSQL database by name."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_ADMIN_URL = os.environ.get(
    "SIHAT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
HEALTH = "/api/v1/health"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(
    url: str, *, workers: int = 1, env: dict[str, str] | None = None, timeout: float = 120.0
) -> tuple[subprocess.Popen[bytes], str]:
    """Start the server on a free port against ``url``; returns the process and its base URL.
    ``timeout``: on a loaded two-core runner a start (importing every domain, forking the
    worker) measured 25 to 50 s; 30 s refused some that would have answered."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "sihat", "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "SIHAT_DATABASE_URL": url, "SIHAT_LOG_LEVEL": "WARNING", **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the server and its workers
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + HEALTH, timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.05)
    kill(proc)
    raise RuntimeError("server did not start")


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and every worker it started (its whole process group), as a
    machine losing power would."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _admin_execute(*statements: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for statement in statements:
            conn.execute(text(statement))
    admin.dispose()


def scratch_database_url(backend: str, tmp: Path, name: str) -> str:
    """An empty database called ``name``: a file in ``tmp`` or a (re)created PostgreSQL one."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / (name + '.db')}"
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(name: str) -> None:
    _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
