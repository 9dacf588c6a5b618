"""The tracing SQL's functions (``tracing/macros.py``) as Spark SQL functions, and the SQL itself
in Spark's dialect.

Spark 4 has SQL functions (``CREATE TEMPORARY FUNCTION ... RETURN expr``), inlined by its
analyser as DuckDB inlines macros: ``ts_us`` and ``my_date`` have the DuckDB macros' names and
rules, so ``sql/casual_contacts.sql`` calls them unchanged; ``id_number`` is expanded in the
text. Instants are BIGINT microseconds (UTC), so the rules are integer arithmetic on both
engines.

Regular expressions: DuckDB's are RE2, Spark's are Java's. The patterns are the same except
that ``RLIKE`` finds a match anywhere (so they are anchored) and Java's ``$`` also matches before
a final line break (so they end with ``\\z``).
"""

from __future__ import annotations

import re
from typing import Any

from sihat.core.spark import OFFSET_MINUTES, TS_OFFSET, TS_PATTERN
from sihat.tracing import engine
from sihat.tracing.macros import MALAYSIA_OFFSET_US
from sihat.tracing.policy import Policy

_NAIVE_SECONDS = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}\z"
_LOCAL = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?( \s*)?\z"
_MIDNIGHT = r"^.{10}[T ]24:00(:00(\.0{1,9})?)?( \s*)?\z"
_DAY_US = 86_400_000_000

# In the order of tracing.macros.MACROS (a function may call only those above it).
FUNCTIONS: tuple[str, ...] = (
    OFFSET_MINUTES,
    # A date and time without offset (trimmed) as microseconds, as DuckDB's cast to TIMESTAMP
    # reads it: 24:00 is the next midnight; after the time only a space, then any whitespace.
    rf"""local_us(t STRING) RETURNS BIGINT RETURN
        CASE WHEN t RLIKE r'{_LOCAL}'
        THEN CASE WHEN t RLIKE r'{_MIDNIGHT}'
                  THEN unix_micros(try_cast(concat(substr(t, 1, 10), ' 23:00') AS TIMESTAMP))
                       + 3600000000
                  ELSE unix_micros(try_cast(t AS TIMESTAMP)) END
        END""",
    # ISO 8601 timestamp text -> UTC microseconds since 1970, or NULL when unreadable (the
    # session's time zone is UTC: core.spark.RUNTIME_CONF).
    rf"""ts_us(raw STRING) RETURNS BIGINT RETURN
        CASE WHEN raw RLIKE r'{_NAIVE_SECONDS}' THEN local_us(raw) - {MALAYSIA_OFFSET_US}
        WHEN trim(raw) RLIKE r'{TS_PATTERN}'
        THEN local_us(trim(regexp_replace(trim(raw), r'{TS_OFFSET}', '')))
             - CAST(offset_minutes(trim(raw)) AS BIGINT) * 60000000
        END""",
    # The Malaysia calendar date of a UTC instant in microseconds (whole-number arithmetic).
    f"""my_date(us BIGINT) RETURNS DATE RETURN date_from_unix_date(CAST(
        (us + {MALAYSIA_OFFSET_US} - pmod(us + {MALAYSIA_OFFSET_US}, {_DAY_US})) div {_DAY_US}
        AS INT))""",
)


def install(spark: Any) -> None:
    """Define the functions in ``spark``'s session (idempotent)."""
    for body in FUNCTIONS:
        spark.sql(f"CREATE OR REPLACE TEMPORARY FUNCTION {body}")


# An all-digit id as a number (ids that are numbers order as numbers), else NULL: expanded in
# place, as Spark refuses a SQL function in a sort. Spark keeps every id as text: a plain
# whole number orders and prints the same either way (DuckDB's loader types such a column
# BIGINT, ``tracing/macros.py``).
_ID_NUMBER = re.compile(r"\bid_number\((\w+(?:\.\w+)?)\)")
_ID_NUMBER_EXPR = r"CASE WHEN \1 RLIKE r'^[0-9]{1,38}\\z' THEN CAST(\1 AS DECIMAL(38, 0)) END"

# A step of the SQL keeps its rows, as DuckDB's temporary table does: Spark caches the view
# (memory, then disk) the first time a later step or the driver reads it (``LAZY``: no job
# of its own), so each step is computed once.
_CREATE = re.compile(r"^CREATE\s+OR\s+REPLACE\s+TEMP\s+TABLE\s+(\w+)\s+AS\b", re.IGNORECASE)


def statements(policy: Policy) -> list[tuple[str, str]]:
    """``(view, Spark SQL)`` for each statement of ``engine.statements(policy)``, in order."""
    translated = []
    for sql in engine.statements(policy):
        found = _CREATE.match(sql)
        if found is None:
            raise ValueError(f"not a CREATE OR REPLACE TEMP TABLE statement: {sql[:60]!r}")
        sql = _CREATE.sub(f"CACHE LAZY TABLE {found.group(1)} AS", sql)
        translated.append((found.group(1), _ID_NUMBER.sub(_ID_NUMBER_EXPR, sql)))
    return translated
