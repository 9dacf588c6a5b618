"""The check-in writer's statements (``batch`` holds the rules): raw SQL on the driver's own
cursor, each list bound as one parameter (``core.db.one_of``), and every new row in one
statement (``COPY`` on PostgreSQL, one ``executemany`` on SQLite).

A batch runs a handful of statements whatever its size, so at the sizes that form under load
(tens of check-ins) their fixed cost is most of the cost: through SQLAlchemy a statement cost
about 280 us of CPU on PostgreSQL, on the driver's cursor about 90. Values are converted by the
column types' own processors (``_Codec``), so what is bound and read is what the ORM binds and
reads (``tests/checkins/test_batch_storage.py``).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, Dialect, Uuid, literal_column

from sihat.checkins.models import CHECKINS
from sihat.core.db import one_of
from sihat.core.orm import UTCDateTime
from sihat.identity import access, tokens
from sihat.identity.models import Account, AccountSession


class PremiseRow(NamedTuple):
    id: str
    name: str
    state: str
    qr_version: int
    status: str


class RecentVisit(NamedTuple):
    id: uuid.UUID
    checked_in_at: datetime
    premise_id: str
    individual: str
    checked_out_at: datetime | None


@dataclass
class _Codec:
    """Per dialect: how to bind a time, read back a time and a visit id, and name parameters."""

    bind_time: Any
    read_time: Any
    read_id: Any
    named: str  # "sqlite" binds :name itself, psycopg wants %(name)s

    @classmethod
    def of(cls, conn: Connection) -> _Codec:
        dialect = conn.dialect
        found = _CODECS.get(dialect.name)
        if found is None:
            time_type = UTCDateTime().dialect_impl(dialect)
            found = cls(
                time_type.bind_processor(dialect) or _same,
                time_type.result_processor(dialect, None) or _same,
                Uuid().dialect_impl(dialect).result_processor(dialect, None) or _same,
                dialect.name,
            )
            _CODECS[dialect.name] = found
        return found

    def fetch(self, conn: Connection, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        if self.named != "sqlite":
            sql = _PSYCOPG_SQL.get(sql) or _PSYCOPG_SQL.setdefault(
                sql, re.sub(r":(\w+)", r"%(\1)s", sql)
            )
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
        finally:
            cursor.close()


_CODECS: dict[str, _Codec] = {}
_PSYCOPG_SQL: dict[str, str] = {}


def _same(value: Any) -> Any:
    return value


def _rule(condition: ColumnElement[bool], dialect: Dialect) -> str:
    """An identity rule as SQL text (its constants inline, ``:now`` left to bind)."""
    return str(condition.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _statement(conn: Connection, name: str, build: Callable[[Dialect], str]) -> str:
    """A statement rendered once per dialect, then reused as text."""
    key = (conn.dialect.name, name)
    sql = _STATEMENTS.get(key)
    if sql is None:
        sql = _STATEMENTS[key] = build(conn.dialect)
    return sql


_STATEMENTS: dict[tuple[str, str], str] = {}


def callers(conn: Connection, hashes: set[str], now: datetime) -> dict[str, tuple[str, str]]:
    """token hash -> (account id, person id) of live sessions: the rule is identity's
    (``tokens.live``, as for ``accounts.account_for_token``), rendered into SQL once."""
    codec = _Codec.of(conn)
    where, listed = one_of(conn, "account_sessions.token_hash", "hashes", hashes)
    sql = _statement(
        conn,
        "callers",
        lambda dialect: (
            "SELECT account_sessions.token_hash, accounts.id, accounts.person_id"
            " FROM account_sessions JOIN accounts ON accounts.id = account_sessions.account_id"
            f" WHERE {where} AND "
            + _rule(tokens.live(AccountSession, Account, literal_column(":now")), dialect)
        ),
    )
    rows = codec.fetch(conn, sql, {"hashes": listed, "now": codec.bind_time(now)})
    return {h: (a, p) for h, a, p in rows}


def premises(conn: Connection, ids: set[str]) -> dict[str, PremiseRow]:
    where, listed = one_of(conn, "id", "ids", ids)
    sql = f"SELECT id, name, state, qr_version, status FROM premises WHERE {where}"
    return {r[0]: PremiseRow(*r) for r in _Codec.of(conn).fetch(conn, sql, {"ids": listed})}


def dependents(conn: Connection, accounts: set[str]) -> dict[str, set[str]]:
    """guardian account -> its current dependents (identity's ``access.current``)."""
    out: dict[str, set[str]] = defaultdict(set)
    if accounts:
        where, listed = one_of(conn, "guardian_account_id", "accounts", accounts)
        sql = _statement(
            conn,
            "dependents",
            lambda dialect: (
                "SELECT guardian_account_id, person_id FROM dependents"
                f" WHERE {where} AND {_rule(access.current(), dialect)}"
            ),
        )
        for guardian, person in _Codec.of(conn).fetch(conn, sql, {"accounts": listed}):
            out[guardian].add(person)
    return out


def members(conn: Connection, premise_ids: set[str]) -> set[tuple[str, str]]:
    if not premise_ids:
        return set()
    where, listed = one_of(conn, "premise_id", "ids", premise_ids)
    sql = f"SELECT premise_id, account_id FROM premise_members WHERE {where}"
    return {(p, a) for p, a in _Codec.of(conn).fetch(conn, sql, {"ids": listed})}


def recent(
    conn: Connection, individuals: set[str], lo: datetime, hi: datetime
) -> list[RecentVisit]:
    codec = _Codec.of(conn)
    where, listed = one_of(conn, "individual", "people", individuals)
    sql = (
        "SELECT id, checked_in_at, premise_id, individual, checked_out_at FROM checkins"
        f" WHERE {where} AND checked_in_at >= :lo AND checked_in_at <= :hi"
    )
    params = {"people": listed, "lo": codec.bind_time(lo), "hi": codec.bind_time(hi)}
    read_time = codec.read_time
    return [
        RecentVisit(
            codec.read_id(i),
            read_time(at),
            premise,
            individual,
            None if out is None else read_time(out),
        )
        for i, at, premise, individual, out in codec.fetch(conn, sql, params)
    ]


_INSERTED = (
    "id",
    "checked_in_at",
    "premise_id",
    "state",
    "individual",
    "person_id",
    "account_id",
    "method",
    "visitor_name",
    "visitor_phone",
    "checked_out_at",
    "closed_by",
)
_PROCESSORS: dict[str, list[Any]] = {}


def insert(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Every row in one statement: ``COPY ... FROM STDIN`` on PostgreSQL, one executemany on
    SQLite. Values that need it go through their column type's bind processor, so the stored
    form is exactly what an ORM insert writes (UUID and time formats on SQLite, encrypted
    visitor name and phone)."""
    dialect = conn.dialect
    procs = _PROCESSORS.get(dialect.name)
    if procs is None:
        types = [CHECKINS.c[c].type.dialect_impl(dialect) for c in _INSERTED]
        procs = [t.bind_processor(dialect) or _same for t in types]
        _PROCESSORS[dialect.name] = procs
    uid, at, name, phone = procs[0], procs[1], procs[8], procs[9]
    params = [
        (
            uid(r["id"]),
            at(r["checked_in_at"]),
            r["premise_id"],
            r["state"],
            r["individual"],
            r["person_id"],
            r["account_id"],
            r["method"],
            None if r["visitor_name"] is None else name(r["visitor_name"]),
            None if r["visitor_phone"] is None else phone(r["visitor_phone"]),
            None if r["checked_out_at"] is None else at(r["checked_out_at"]),
            r["closed_by"],
        )
        for r in rows
    ]
    if dialect.name == "postgresql":  # COPY: one stream, routed to the day partitions
        sql = f"COPY checkins ({', '.join(_INSERTED)}) FROM STDIN"
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(sql) as copy:
            for values in params:
                copy.write_row(values)
        return
    marks = ", ".join(["?"] * len(_INSERTED))
    conn.exec_driver_sql(f"INSERT INTO checkins ({', '.join(_INSERTED)}) VALUES ({marks})", params)
