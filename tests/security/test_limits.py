"""Rate limits against credential stuffing, shared by several processes through Redis."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import uuid
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from sihat.app import create_app
from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter
from tests import factories

REDIS = "redis://127.0.0.1:6379"


def test_credential_stuffing_from_many_ips_gets_the_account_limit(app, session, settings) -> None:
    settings.login_per_account_per_hour = 10
    victim, ordinary = factories.adult(), factories.adult()
    factories.sign_up(session, victim)
    factories.sign_up(session, ordinary)
    session.commit()
    answers: list[int] = []
    for n in range(30):
        attacker = TestClient(app, client=(f"100.64.{n}.{n + 1}", 40000))
        for guess in ("123456", "password1"):
            r = attacker.post("/api/v1/auth/login", json={"phone": victim.phone, "password": guess})
            answers.append(r.status_code)
    assert answers.count(401) == 10 and answers.count(429) == 50
    user = TestClient(app, client=("192.0.2.10", 40000))
    ok = user.post(
        "/api/v1/auth/login", json={"phone": ordinary.phone, "password": factories.PASSWORD}
    )
    assert ok.status_code == 200


def _forget(prefix: str) -> None:
    """Remove a test's keys from the shared Redis (other runs and helpers use it too)."""
    client = redis.Redis.from_url(REDIS)
    try:
        for key in client.scan_iter(f"{prefix}*"):
            client.delete(key)
    finally:
        client.close()


def test_two_processes_share_one_count_through_redis(db, settings) -> None:
    prefix = f"sihat-test-{uuid.uuid4().hex}"
    shared = settings.model_copy(
        update={
            "rate_limit_storage": REDIS,
            "rate_limit_prefix": prefix,
            "otp_per_phone_per_hour": 3,
        }
    )
    first, second = create_app(shared, database=db), create_app(shared, database=db)
    phone = factories.adult().phone
    try:
        a, b = TestClient(first), TestClient(second)
        codes = [
            c.post("/api/v1/accounts/otp", json={"phone": phone}).status_code for c in (a, b, a, b)
        ]
        assert codes == [201, 201, 201, 429]
    finally:
        _forget(prefix)


def test_two_server_processes_share_one_limit_through_redis(fresh_database) -> None:
    """#17 item 9, with real processes: two ``sihat serve`` on one database; the phone's OTP
    limit (3 an hour) holds across both with Redis, and does not with process memory.

    Each run has its own key prefix: the address limit (every request comes from 127.0.0.1)
    would otherwise carry over from earlier runs sharing the Redis, and refuse them all."""
    import httpx

    from tests.servers import kill, serve

    url = fresh_database.engine.url.render_as_string(hide_password=False)
    for storage, expected in ((REDIS, [201, 201, 201, 429]), ("memory://", [201, 201, 201, 201])):
        prefix = f"sihat-test-{uuid.uuid4().hex}"
        env = {
            "SIHAT_RATE_LIMIT_STORAGE": storage,
            "SIHAT_RATE_LIMIT_PREFIX": prefix,
            "SIHAT_OTP_PER_PHONE_PER_HOUR": "3",
            "SIHAT_SCHEDULER": "false",
        }
        servers: list[tuple[subprocess.Popen[bytes], str]] = []
        try:
            servers += [serve(url, env=env), serve(url, env=env)]
            phone = factories.adult().phone
            codes = [
                httpx.post(
                    base + "/api/v1/accounts/otp", json={"phone": phone}, timeout=60
                ).status_code
                for _proc, base in (servers[0], servers[1], servers[0], servers[1])
            ]
        finally:
            for proc, _base in servers:
                kill(proc)
            _forget(prefix)
        assert codes == expected, storage


@contextlib.contextmanager
def _silent_redis() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: a Redis that has hung."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.05)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        server.close()


def _closed_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{probe.getsockname()[1]}"  # closed once the block ends


def test_a_redis_that_hangs_or_is_gone_refuses_with_503_and_lets_nothing_through() -> None:
    with _silent_redis() as hung:
        for uri in (hung, _closed_port()):
            limiter = Limiter(uri, key_prefix="sihat-test", timeout_s=0.2)
            for method in (limiter.hit, limiter.check, limiter.retry_after):
                with pytest.raises(Problem) as refused:
                    method("login", "k", "5/minute")
                assert refused.value.code == "limits_unavailable"


def test_a_login_while_redis_hangs_answers_problem_json_503(db, settings) -> None:
    with _silent_redis() as hung:
        cut_off = settings.model_copy(
            update={"rate_limit_storage": hung, "rate_limit_timeout_s": 0.2}
        )
        client = TestClient(create_app(cut_off, database=db))
        answer = client.post(
            "/api/v1/auth/login", json={"phone": factories.adult().phone, "password": "x" * 12}
        )
    assert answer.status_code == 503
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["code"] == "limits_unavailable" and body["detail_ms"] and body["detail"]
