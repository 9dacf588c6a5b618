"""Group commit: one writer thread per server process turns many concurrent check-ins into one
transaction, and answers each phone only after that transaction has committed.

Request handlers (async, no thread hop) put a job on a queue and await a future. The writer
takes everything queued - while it was committing the previous batch, the next one gathered by
itself - checks and writes it (``batch.process``), commits, and only then resolves the futures,
one ``call_soon_threadsafe`` per event loop per batch. Under light load a batch is one
check-in and the latency is one commit; under heavy load the commit (and its fsync) is shared
by thousands. If a batch fails, its jobs are retried one by one so that one bad job cannot sink
the others; a job that still fails is answered with the error, never with an acknowledgement.

Durability: on SQLite the writer's own connections use ``synchronous=FULL`` (WAL synced at each
commit), on PostgreSQL the server's default ``synchronous_commit=on``. The writer is the owner
of its transactions, as the request is for ordinary routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import queue
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import sessionmaker

from sihat.checkins import batch, partitions
from sihat.core.db import Database, make_engine
from sihat.core.errors import Problem
from sihat.core.logging import get_logger
from sihat.core.settings import Settings

log = get_logger("sihat.checkins.writer")
_STOP = object()


@dataclass
class _Item:
    job: batch.Job
    loop: asyncio.AbstractEventLoop | None
    future: asyncio.Future[batch.Result] | Future[batch.Result]


class Writer:
    def __init__(
        self, sessions: sessionmaker[Any], settings: Settings, *, owns_engine: bool = False
    ) -> None:
        self.sessions = sessions
        self.owns_engine = owns_engine
        self.settings = settings
        self.known_days: set[Any] = set()
        self.queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.batches = 0
        self.jobs = 0
        self.largest = 0
        self._thread = threading.Thread(target=self._run, name="checkin-writer", daemon=True)
        self._turn = _turn_for(sessions)

    def start(self) -> Writer:
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self.queue.put(_STOP)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)

    def submit(self, job: batch.Job) -> asyncio.Future[batch.Result]:
        """From a request handler: a future resolved once the job's batch has committed."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[batch.Result] = loop.create_future()
        self.queue.put(_Item(job, loop, future))
        return future

    def submit_wait(self, job: batch.Job, timeout: float = 30.0) -> batch.Result:
        """From a thread (CLI, tests): block until the job's batch has committed."""
        future: Future[batch.Result] = Future()
        self.queue.put(_Item(job, None, future))
        return future.result(timeout)

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            bind = self.sessions.kw.get("bind")
            if self.owns_engine and isinstance(bind, Engine):
                bind.dispose()

    def _loop(self) -> None:
        self._prepare()
        while True:
            first = self.queue.get()
            if first is _STOP:
                return
            items = [first]
            stop = False
            while len(items) < self.settings.checkin_batch_max:
                try:
                    item = self.queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                items.append(item)
            self._deliver(items, self._commit(items))
            if stop:
                return

    def _prepare(self) -> None:
        """Partitions for yesterday to a week ahead, before the first check-in arrives."""
        try:
            with self.sessions() as session:
                partitions.ensure_ahead(session, self.settings.checkin_partitions_ahead)
                self.known_days.update(partitions.existing(session))
                session.commit()
        except Exception as exc:  # the batch creates what it needs if this could not
            log.warning("checkin partitions not prepared", error_type=type(exc).__name__)

    def _commit(self, items: Sequence[_Item]) -> list[batch.Result | BaseException]:
        jobs = [item.job for item in items]
        try:
            with self._turn(), self.sessions() as session:
                results: list[batch.Result | BaseException] = list(
                    batch.process(session, jobs, self.settings, self.known_days)
                )
                session.commit()
        except Exception as exc:
            self.known_days.clear()  # partitions made in the rolled-back transaction are gone
            if len(items) == 1:
                log.error("checkin batch failed", error_type=type(exc).__name__)
                return [exc]
            return [self._commit([item])[0] for item in items]
        self.batches += 1
        self.jobs += len(items)
        self.largest = max(self.largest, len(items))
        return results

    def _deliver(
        self, items: Sequence[_Item], results: Sequence[batch.Result | BaseException]
    ) -> None:
        per_loop: dict[asyncio.AbstractEventLoop, list[tuple[Any, Any]]] = defaultdict(list)
        for item, result in zip(items, results, strict=True):
            if item.loop is None:
                _settle([(item.future, result)])
            else:
                per_loop[item.loop].append((item.future, result))
        for loop, pairs in per_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody is waiting any more
                loop.call_soon_threadsafe(_settle, pairs)


def _settle(pairs: Sequence[tuple[Any, Any]]) -> None:
    for future, result in pairs:
        if future.done():
            continue
        if isinstance(result, BaseException) and not isinstance(result, Exception):
            future.set_exception(RuntimeError("writer stopped"))
        elif isinstance(result, Exception) and not isinstance(result, Problem):
            future.set_exception(result)
        else:
            future.set_result(result)


def durable_sessions(database: Database) -> sessionmaker[Any]:
    """The writer's sessions: its own engine with ``synchronous=FULL`` on SQLite. A database
    bound to one connection (the tests' rolled-back transaction) is used as it is."""
    bind = database.sessions.kw.get("bind")
    if not isinstance(bind, Engine):
        return database.sessions
    # No ping before each batch: the writer uses its connection continuously, and a batch that
    # meets a dead one fails, is retried job by job, and the pool replaces the connection.
    engine = make_engine(bind.url.render_as_string(hide_password=False), pool_pre_ping=False)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _full_sync(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=FULL")
            # The batch looks up sessions, premises and recent visits by index: keep the
            # pages in memory (64 MiB of page cache, the file mapped) rather than read again.
            cursor.execute("PRAGMA cache_size=-65536")
            cursor.execute("PRAGMA mmap_size=1073741824")
            cursor.close()

    return sessionmaker(bind=engine, expire_on_commit=False)


def _turn_for(sessions: sessionmaker[Any]) -> Callable[[], contextlib.AbstractContextManager[Any]]:
    """How the writers of one SQLite file (one per server worker) take turns: a kernel lock
    on a file beside the database, held for the batch's transaction. A writer waiting for it
    is woken the moment the other commits; waiting on SQLite's own lock instead means its
    busy handler's sleeps (1, 2, 5, 10 ... 100 ms), which at thousands of check-ins a second
    became the latency. PostgreSQL writers need no turns (row locks, MVCC)."""
    bind = sessions.kw.get("bind")
    if not isinstance(bind, Engine) or bind.dialect.name != "sqlite":
        return contextlib.nullcontext
    name = bind.url.database
    if not name or name == ":memory:":
        return contextlib.nullcontext
    path = Path(name).with_name(Path(name).name + ".writer-lock")

    @contextlib.contextmanager
    def turn() -> Iterator[None]:
        with path.open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # releases the GIL while it waits
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    return turn


_lock = threading.Lock()


def writer_for(state: Any) -> Writer:
    """The process's writer for an app (``app.state``), started on first use and stopped when
    the app is garbage-collected."""
    found: Writer | None = getattr(state, "checkin_writer", None)
    if found is not None:
        return found
    with _lock:
        found = getattr(state, "checkin_writer", None)
        if found is None:
            sessions = durable_sessions(state.db)
            owns = sessions is not state.db.sessions
            found = Writer(sessions, state.settings, owns_engine=owns).start()
            state.checkin_writer = found
            weakref.finalize(state, found.stop, 0.0)
    return found
