"""A small open-loop HTTP/1.1 load client over asyncio, for ``sihat simulate checkins`` and
``bench/checkins.py``.

Each simulated phone keeps one keep-alive connection. Requests are *scheduled* at a target
rate and latency is measured from the scheduled time, not from when a connection became free,
so a server that falls behind shows it in p99 instead of hiding it (no coordinated omission).
It speaks just enough HTTP (``Content-Length`` bodies) for sihat's JSON API; a pure-Python
client keeps the load generator installable from the project's own files.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

RequestFactory = Callable[[int], tuple[str, str, bytes, dict[str, str]]]  # method, path, body


@dataclass
class Result:
    sent: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)  # seconds, acknowledged requests only
    bodies: list[bytes] = field(default_factory=list)  # acknowledged bodies when kept
    errors: int = 0
    elapsed: float = 0.0
    stopped: bool = False  # set from outside to end the run early (unsent requests are dropped)

    def ok(self) -> int:
        return sum(n for s, n in self.statuses.items() if 200 <= s < 300)

    def percentile(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class _Conn(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection lost"))

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0 or self.waiter is None:
            return
        head = bytes(self.buffer[:head_end]).decode("latin-1")
        length = 0
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        total = head_end + 4 + length
        if len(self.buffer) < total:
            return
        status = int(head.split(" ", 2)[1])
        body = bytes(self.buffer[head_end + 4 : total])
        del self.buffer[:total]
        waiter, self.waiter = self.waiter, None
        if not waiter.done():
            waiter.set_result((status, body))

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        if self.transport is None or self.transport.is_closing():
            raise ConnectionResetError("the server closed the connection")
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        return await self.waiter


def encode(host: str, method: str, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    if body:
        lines.append("Content-Type: application/json")
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def schedule(rate: float, count: int) -> Iterator[float]:
    """Send offsets (seconds) for ``count`` requests at ``rate`` per second."""
    for i in range(count):
        yield i / rate


async def run(
    base_url: str,
    make_request: RequestFactory,
    offsets: list[float],
    connections: int,
    keep_bodies: bool = False,
    timeout: float = 30.0,
    result: Result | None = None,
) -> Result:
    """Send one request per offset (seconds from start) over ``connections`` phones. Pass a
    ``result`` to watch it fill from another thread."""
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    loop = asyncio.get_running_loop()
    result = result if result is not None else Result()
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue()
    start = loop.time() + 0.05

    async def phone() -> None:
        conn: _Conn | None = None
        while (item := await queue.get()) is not None:
            if result.stopped:
                continue
            index, at = item
            delay = at - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            method, path, body, headers = make_request(index)
            try:
                if conn is None or conn.closed:
                    _t, conn = await loop.create_connection(_Conn, host, port)
                status, payload = await asyncio.wait_for(
                    conn.request(encode(host, method, path, body, headers)), timeout
                )
            except (OSError, ConnectionError, TimeoutError):
                result.errors += 1
                conn = None
                continue
            result.sent += 1
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if 200 <= status < 300:
                result.latencies.append(loop.time() - at)
                if keep_bodies:
                    result.bodies.append(payload)
        if conn is not None and conn.transport is not None:
            conn.transport.close()

    for index, offset in enumerate(offsets):
        queue.put_nowait((index, start + offset))
    for _ in range(connections):
        queue.put_nowait(None)
    began = time.perf_counter()
    await asyncio.gather(*(phone() for _ in range(connections)))
    result.elapsed = time.perf_counter() - began
    return result


def run_sync(
    base_url: str,
    make_request: RequestFactory,
    offsets: list[float],
    connections: int,
    keep_bodies: bool = False,
    result: Result | None = None,
) -> Result:
    """:func:`run` from synchronous code. It runs on its own event loop, in a thread of its own
    when the calling thread already runs one (e.g. under Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _run_on_new_loop(base_url, make_request, offsets, connections, keep_bodies, result)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(
            _run_on_new_loop, base_url, make_request, offsets, connections, keep_bodies, result
        ).result()


def _run_on_new_loop(
    base_url: str,
    make_request: RequestFactory,
    offsets: list[float],
    connections: int,
    keep_bodies: bool,
    result: Result | None,
) -> Result:
    job = run(base_url, make_request, offsets, connections, keep_bodies, result=result)
    try:
        import uvloop

        return uvloop.run(job)
    except ImportError:  # pragma: no cover - uvloop comes with granian[uvloop]
        return asyncio.run(job)
