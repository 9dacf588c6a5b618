"""The casual-contact engine on DuckDB: ``sql/casual_contacts.sql`` over two typed tables.

``compute`` runs the SQL on a connection that holds ``visits`` and ``cases`` (as ``loader``
builds them from the contract's CSV files, or ``casual_contacts`` from rows) and leaves the
``exposures`` table there; the summary is read from it. The same SQL is what Spark runs
(docs/tracing.md).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sihat.tracing import macros
from sihat.tracing.errors import BadInput
from sihat.tracing.policy import Policy
from sihat.tracing.policy import load as load_policy

SQL_FILE = Path(__file__).parent / "sql" / "casual_contacts.sql"
EXPOSURE_COLUMNS = (
    "case_id",
    "contact_individual",
    "premise_id",
    "case_visit_id",
    "contact_visit_id",
    "overlap_minutes",
    "exposed_on",
)
_PARAMETER = re.compile(r"\$\{(\w+)\}")
STEPS = ("visit intervals", "case windows", "case visits", "exposures")
# The input column each id that the SQL orders by ``id_number(name) NULLS LAST, name`` comes
# from (tests/tracing/test_speed.py checks the SQL names no other).
ID_SOURCES = {
    "case_id": ("cases", "case_id"),
    "contact_individual": ("visits", "individual"),
    "contact_visit_id": ("visits", "visit_id"),
    "case_visit_id": ("visits", "visit_id"),
}
NUMBER_KEY = re.compile(r"id_number\((\w+)\) NULLS LAST,\s*")


def statements(policy: Policy) -> list[str]:
    """The SQL of the computation with the policy's values in place of ``${name}``."""
    values = policy.parameters()
    lines = SQL_FILE.read_text("utf-8").splitlines()
    text = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
    text = _PARAMETER.sub(lambda m: str(int(values[m.group(1)])), text)
    return [part.strip() for part in re.split(r"^;\s*$", text, flags=re.M) if part.strip()]


def compute(
    con: duckdb.DuckDBPyConnection,
    policy: Policy,
    step: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run the rules on ``visits`` and ``cases`` in ``con``; return summary.json's content."""
    macros.install(con)
    numbers = number_ids(con)
    for name, sql in zip(STEPS, statements(policy), strict=True):
        con.execute(without_number_keys(sql, numbers))
        if step is not None:
            step(name)
    return summary(con, policy)


def number_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The ids of ``ID_SOURCES`` whose input column is BIGINT (``loader`` types an id column
    so when every id in it is a plain whole number)."""
    found = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = 'temp' AND data_type = 'BIGINT' "
        "AND table_name IN ('visits', 'cases')"
    ).fetchall()
    bigint = {(table, column) for table, column in found}
    return {name for name, source in ID_SOURCES.items() if source in bigint}


def without_number_keys(sql: str, numbers: set[str]) -> str:
    """``sql`` without the ``id_number(name) NULLS LAST,`` sort key of each id in ``numbers``.

    A BIGINT column's own order is already the numeric one, so the key adds nothing to the
    order but its cost (a 16-byte key per row in the window's and the output's sorts). The
    SQL file keeps the key, for text ids and for other engines."""
    return NUMBER_KEY.sub(lambda m: "" if m.group(1) in numbers else m.group(0), sql)


def summary(con: duckdb.DuckDBPyConnection, policy: Policy) -> dict[str, Any]:
    def one(sql: str) -> int:
        return int(con.execute(sql).fetchall()[0][0])

    # One pass over the exposures for the distinct (day, contact) pairs; both distinct counts
    # are then read from those pairs (far fewer rows than exposures) instead of the exposures.
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _contact_days AS "
        "SELECT DISTINCT exposed_on, contact_individual FROM exposures"
    )
    try:
        by_date = con.execute(
            "SELECT strftime(exposed_on, '%Y-%m-%d'), count(*) "
            "FROM _contact_days GROUP BY exposed_on ORDER BY exposed_on"
        ).fetchall()
        contacts = one("SELECT count(DISTINCT contact_individual) FROM _contact_days")
    finally:
        con.execute("DROP TABLE IF EXISTS _contact_days")
    return {
        "policy_version": policy.version,
        "cases": one("SELECT count(*) FROM cases"),
        "case_visits": one("SELECT count(*) FROM case_visits"),
        "exposures": one("SELECT count(*) FROM exposures"),
        "casual_contacts": contacts,
        "by_date": {day: int(n) for day, n in by_date},
    }


# --- The Python API (the live job's way in) -------------------------------------------------


@dataclass(frozen=True)
class Exposure:
    case_id: str
    contact_individual: str
    premise_id: str
    case_visit_id: str
    contact_visit_id: str
    overlap_minutes: int
    exposed_on: dt.date


@dataclass(frozen=True)
class Result:
    exposures: list[Exposure]  # sorted by case_id, contact_individual
    summary: dict[str, Any]  # summary.json's content


Row = Mapping[str, Any]
_VISIT_COLUMNS = ("visit_id", "individual", "premise_id", "checked_in_at", "checked_out_at")
_CASE_COLUMNS = ("case_id", "individual", "sample_at", "onset_at", "isolated_at")
_REQUIRED = {"visit_id", "individual", "premise_id", "checked_in_at", "case_id", "sample_at"}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MALAYSIA = dt.timezone(dt.timedelta(hours=8))


def instant_us(value: dt.datetime | None) -> int | None:
    """An aware datetime as UTC microseconds; a naive one is Malaysia time (the contract)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=_MALAYSIA)
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _columns(rows: Iterable[Row], names: tuple[str, ...], table: str) -> list[list[Any]]:
    columns: list[list[Any]] = [[] for _ in names]
    for number, row in enumerate(rows, start=1):
        for i, name in enumerate(names):
            value = row.get(name)
            if name.endswith("_at"):
                if value is not None and not isinstance(value, dt.datetime):
                    raise BadInput(table, number, name, "not a datetime")
                value = instant_us(value)
            elif value is not None:
                value = str(value)
            if value is None and name in _REQUIRED:
                raise BadInput(table, number, name, "value missing")
            columns[i].append(value)
    return columns


def _stored(name: str) -> str:
    """A column's name in the engine's tables: ``*_at`` instants are ``*_us`` microseconds."""
    return name.removesuffix("_at") + "_us" if name.endswith("_at") else name


def _table_from_rows(
    con: duckdb.DuckDBPyConnection, table: str, names: tuple[str, ...], rows: Iterable[Row]
) -> None:
    columns = _columns(rows, names, table)
    types = ["BIGINT" if name.endswith("_at") else "VARCHAR" for name in names]
    if not columns[0]:  # no rows: the typed, empty table
        select = ", ".join(
            f"CAST(NULL AS {t}) AS {_stored(n)}" for n, t in zip(names, types, strict=True)
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} LIMIT 0")
        return
    select = ", ".join(
        f"CAST(unnest(${i + 1}) AS {t}) AS {_stored(n)}"
        for i, (n, t) in enumerate(zip(names, types, strict=True))
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select}", columns)


def check_unique(
    con: duckdb.DuckDBPyConnection, table: str, column: str, file: str, row: str = "_row"
) -> None:
    """A repeated id stops the run, naming the row (the ``row`` expression's value) that
    repeats an earlier one."""
    # Ids that rise strictly from row to row (as exports number them) are all different: one
    # streaming pass proves it (the order the rows come in does not matter to the proof).
    unordered = con.execute(
        f"SELECT count(*) FILTER (WHERE {column} IS NULL OR {column} <= _previous) "
        f"FROM (SELECT {column}, lag({column}) OVER () AS _previous FROM {table})"
    ).fetchall()
    if unordered[0][0] == 0:
        return
    repeated = con.execute(
        f"SELECT {column} FROM {table} GROUP BY {column} HAVING count(*) > 1 LIMIT 1"
    ).fetchall()
    if not repeated:  # otherwise one hash aggregate
        return
    found = con.execute(
        f"SELECT min(_row) FROM (SELECT {row} AS _row, row_number() OVER "
        f"(PARTITION BY {column} ORDER BY {row}) AS n FROM {table}) WHERE n > 1"
    ).fetchall()
    if found and found[0][0] is not None:
        raise BadInput(
            file, int(found[0][0]), column, "value repeats an earlier row (must be unique)"
        )


def casual_contacts(
    visits: Iterable[Row] | duckdb.DuckDBPyRelation,
    cases: Iterable[Row] | duckdb.DuckDBPyRelation,
    policy: Policy | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> Result:
    """The casual contacts of ``cases`` among ``visits``.

    Rows are mappings with the contract's column names: ids (any type, compared as text),
    datetimes (aware; naive ones are Malaysia time; ``None`` for an absent optional one).
    Relations (of ``con``, then required) give the same columns with ``*_at`` as UTC
    microseconds renamed ``*_us`` (``checked_in_us``...), i.e. the tables ``loader`` builds.
    A repeated id or a missing required value raises ``BadInput`` (file = "visits" or
    "cases", row = position).
    Nothing is left in ``con``.
    """
    policy = policy or load_policy()
    inputs = (("visits", _VISIT_COLUMNS, visits), ("cases", _CASE_COLUMNS, cases))
    relations = [t for t, _, source in inputs if isinstance(source, duckdb.DuckDBPyRelation)]
    if relations and con is None:
        raise ValueError("relations need the connection they belong to: pass con=")
    # The work happens on a connection of its own (a cursor of the caller's), so the engine's
    # temporary tables never shadow the caller's tables.
    work = duckdb.connect(":memory:") if con is None else con.cursor()
    staged: list[str] = []
    try:
        for table, _, source in inputs:  # relations first, before any other result is open
            if isinstance(source, duckdb.DuckDBPyRelation):
                staged.append(f"_tracing_{uuid.uuid4().hex}_{table}")
                source.create(staged[-1])
        work.execute("SET enable_progress_bar = false").fetchall()
        stage = iter(staged)
        for table, names, source in inputs:
            if isinstance(source, duckdb.DuckDBPyRelation):
                wanted = ", ".join(_stored(name) for name in names)
                work.execute(
                    f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {wanted} FROM {next(stage)}"
                )
            else:
                _table_from_rows(work, table, names, source)
            work.execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS "
                f"SELECT row_number() OVER () AS _row, * FROM {table}"
            )
            check_unique(work, table, names[0], table)
        summary_ = compute(work, policy)
        # The table holds its rows in the output's order (the SQL's last ORDER BY).
        rows = work.execute(f"SELECT {', '.join(EXPOSURE_COLUMNS)} FROM exposures").fetchall()
        return Result([Exposure(*row) for row in rows], summary_)
    finally:
        work.close()
        for name in staged:
            assert con is not None
            con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()
