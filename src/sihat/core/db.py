"""Database plumbing: engines for SQLite and PostgreSQL, units of work (the declarative base
and column types are in ``core.orm``).

Services flush, never commit. A transaction is owned by the request (see ``core.web``) or,
for CLI commands and jobs, by :func:`unit_of_work`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from sihat.core import trail, txmark
from sihat.core.settings import get_settings


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine whose errors never carry the statement's parameters (names, dates of birth,
    identity hashes would otherwise reach a traceback or a log line)."""
    url = url or get_settings().database_url
    kwargs.setdefault("hide_parameters", True)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        url = str(parsed.set(drivername="postgresql+psycopg"))
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    """WAL, foreign keys, a busy timeout, and transactions that take the write lock at BEGIN.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's BEGIN and
    SAVEPOINT work as documented; ``BEGIN IMMEDIATE`` makes concurrent writers queue on the
    busy timeout instead of failing when a reader upgrades to a writer.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def try_add(session: Session, *rows: object) -> bool:
    """Insert ``rows`` in a savepoint; ``False`` when a unique constraint refused them (the
    database decides races between concurrent requests), with the transaction still usable."""
    try:
        with session.begin_nested():
            session.add_all(rows)
            session.flush()
    except IntegrityError:
        return False
    return True


def add_unique(session: Session, row: object, code: str, field: str | None = None) -> None:
    """Insert ``row``, or refuse with ``Problem(code)`` when a unique constraint holds it off."""
    if not try_add(session, row):
        from sihat.core.errors import Problem

        raise Problem(code, field=field)


def is_sqlite(bind: Engine | Session | Any) -> bool:
    engine = bind.get_bind() if isinstance(bind, Session) else bind
    return bool(engine.dialect.name == "sqlite")


class Database:
    """An engine and its session factory; one per process (or per test database)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)

    @classmethod
    def from_url(cls, url: str | None = None) -> Database:
        return cls(make_engine(url))

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One transaction for a CLI command or job: commits on success, rolls back on error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


@contextmanager
def command_unit_of_work(url: str | None = None) -> Iterator[Session]:
    """The transaction of one CLI command: its own engine, disposed afterwards, and the
    audit context marked as coming from the command line."""
    from sihat.core import context

    database = Database.from_url(url)
    token = context.set_current(context.RequestContext(channel="cli"))
    try:
        with database.unit_of_work() as session:
            yield session
    finally:
        context.reset(token)
        database.engine.dispose()


# Every session chains its audit events and marks its transactions, in that order at commit.
trail.install()
txmark.install()


def one_of(conn: Connection, column: str, name: str, values: Iterable[Any]) -> tuple[str, Any]:
    """``column`` is one of ``values``, with the whole list as one bound parameter ``:name``:
    ``IN (SELECT value FROM json_each(:name))`` on SQLite, ``= ANY(:name)`` on PostgreSQL.
    For the hot batch queries: unlike ``in_(list)`` there is one parameter however long the
    list, so no per-value coercion and no SQL re-rendered for each length. Returns the SQL
    fragment for a :func:`sqlalchemy.text` statement and the value to bind to ``:name``."""
    listed = list(values)
    if conn.dialect.name == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(:{name}))", json.dumps(listed)
    return f"{column} = ANY(:{name})", listed
