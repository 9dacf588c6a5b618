"""Database plumbing: engines for SQLite and PostgreSQL, units of work (the declarative base
and column types are in ``core.orm``).

Services flush, never commit. A transaction is owned by the request (see ``core.web``) or,
for CLI commands and jobs, by :func:`unit_of_work`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    literal,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
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


def among(conn: Connection, column: Any, values: Sequence[Any]) -> Any:
    """``column IN (values)`` as a Core expression (:func:`one_of` is the same for
    :func:`sqlalchemy.text` statements). On PostgreSQL ``column = ANY(array)``, the form it
    plans an ``IN`` list as anyway, but one parameter instead of one per value: rendering and
    parsing a thousand parameters a statement cost more than reading the rows."""
    if conn.dialect.name == "postgresql":
        return column == any_(literal(list(values), ARRAY(column.type)))
    return column.in_(values)


# --- many rows in one statement ---------------------------------------------------------------

_UNNEST_ROWS = 10_000  # rows per statement: ten thousand values per array parameter


def _table_of(model: Any) -> Table:
    return model if isinstance(model, Table) else model.__table__


def _fill(
    table: Table, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[Column[Any]], list[list[Any]]]:
    """The columns to write (the rows' keys, and any other with a Python default) and their
    values, column by column, with the defaults filled in as an ORM insert fills them."""
    given = {key for row in rows for key in row}
    columns = [c for c in table.columns if c.key in given or c.default is not None]
    values: list[list[Any]] = []
    for column in columns:
        default: Any = column.default
        if column.key in given and all(column.key in row for row in rows):
            column_values = [row[column.key] for row in rows]
        elif default is None:
            column_values = [row.get(column.key) for row in rows]
        elif default.is_scalar:
            column_values = [row.get(column.key, default.arg) for row in rows]
        elif default.is_callable:  # SQLAlchemy wraps it to take an execution context
            column_values = [
                row[column.key] if column.key in row else default.arg(None) for row in rows
            ]
        else:
            raise ValueError(f"{table.name}.{column.key}: a SQL default cannot be filled here")
        values.append(column_values)
    return columns, values


def _arrays(
    session: Session, columns: list[Column[Any]], values: list[list[Any]]
) -> tuple[list[str], dict[str, list[Any]]]:
    dialect = session.get_bind().dialect
    casts: list[str] = []
    params: dict[str, list[Any]] = {}
    for n, (column, column_values) in enumerate(zip(columns, values, strict=True)):
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            column_values = [process(v) for v in column_values]
        casts.append(f"CAST(%(c{n})b AS {column.type.compile(dialect=dialect)}[])")
        params[f"c{n}"] = column_values
    return casts, params


def insert_many(
    session: Session,
    model: Any,
    rows: Sequence[Mapping[str, Any]],
    *,
    skip_conflicts: Sequence[str] = (),
    returning: str | None = None,
) -> list[Any]:
    """Insert ``rows`` (dicts of column values; Python defaults fill what they leave out) into
    ``model``'s table; rows whose ``skip_conflicts`` columns are already stored are skipped
    (``ON CONFLICT DO NOTHING``: a concurrent writer of the same key makes this one wait, then
    skip it). Returns the ``returning`` column of the rows inserted, else ``[]``.

    On PostgreSQL the rows go as one array per column, ``INSERT ... SELECT * FROM unnest(...)``,
    ten thousand rows a statement, the arrays in binary: the statement's text is short and
    the same for every size, where SQLAlchemy's multi-row ``VALUES`` is a new statement of
    thousands of parameters that the driver parses every time. For 2,000 rows shaped like the
    live tracing job's exposures: about 20 µs a row against about 150 µs, and the same as
    ``COPY`` (measured 2026-12-06, docs/tracing.md).
    Elsewhere (SQLite) it is SQLAlchemy's own ``executemany`` insert."""
    if not rows:
        return []
    table = _table_of(model)
    session.flush()
    if is_sqlite(session):
        columns, values = _fill(table, rows)
        keys = [c.key for c in columns]
        filled = [dict(zip(keys, row, strict=True)) for row in zip(*values, strict=True)]
        statement = sqlite_insert(table)
        if skip_conflicts:
            statement = statement.on_conflict_do_nothing(index_elements=list(skip_conflicts))
        if returning is None:
            session.execute(statement, filled)
            return []
        return list(session.execute(statement.returning(table.c[returning]), filled).scalars())
    inserted: list[Any] = []
    for start in range(0, len(rows), _UNNEST_ROWS):
        columns, values = _fill(table, rows[start : start + _UNNEST_ROWS])
        casts, params = _arrays(session, columns, values)
        sql = (
            f"INSERT INTO {table.name} ({', '.join(c.name for c in columns)}) "
            f"SELECT * FROM unnest({', '.join(casts)})"
        )
        if skip_conflicts:
            sql += f" ON CONFLICT ({', '.join(skip_conflicts)}) DO NOTHING"
        if returning is not None:
            sql += f" RETURNING {table.c[returning].name}"
        found = session.connection().exec_driver_sql(sql, params)
        if returning is not None:
            inserted.extend(found.scalars())
    return inserted


def update_many(session: Session, model: Any, rows: Sequence[Mapping[str, Any]]) -> None:
    """Update rows by primary key: each dict holds the key and the same columns to set. One
    ``UPDATE ... FROM unnest(...)`` per ten thousand rows on PostgreSQL (as
    :func:`insert_many`), SQLAlchemy's ``executemany`` update elsewhere."""
    if not rows:
        return
    table = _table_of(model)
    session.flush()
    (key,) = table.primary_key.columns
    if is_sqlite(session):
        setting = [c for c in table.columns if c.key in rows[0] and c is not key]
        statement = (
            update(table)
            .where(key == bindparam("_key"))
            .values({c.key: bindparam(c.key) for c in setting})
        )
        session.execute(
            statement,
            [{"_key": row[key.key], **{c.key: row[c.key] for c in setting}} for row in rows],
        )
        return
    for start in range(0, len(rows), _UNNEST_ROWS):
        part = rows[start : start + _UNNEST_ROWS]
        columns = [key, *(c for c in table.columns if c.key in part[0] and c is not key)]
        casts, params = _arrays(session, columns, [[row[c.key] for row in part] for c in columns])
        names = [c.name for c in columns]
        sets = ", ".join(f"{name} = v.{name}" for name in names[1:])
        session.connection().exec_driver_sql(
            f"UPDATE {table.name} SET {sets} FROM unnest({', '.join(casts)}) "
            f"AS v({', '.join(names)}) WHERE {table.name}.{key.name} = v.{key.name}",
            params,
        )
