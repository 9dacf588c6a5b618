"""The DuckDB macros of ``parsing.py`` as Spark SQL functions, and the test SQL's few dialect words.

Spark 4 has SQL functions (``CREATE TEMPORARY FUNCTION ... RETURN expr``), which its analyser
inlines like DuckDB's macros: each macro is translated here once, with the same name and the
same rule, so ``parsing.parse_expr`` and the ``tests_sql/*.sql`` files call them unchanged.
What remains of DuckDB's dialect in the tests (variables, ``date_diff``, double-quoted names)
is rewritten by :func:`translate`, the same few rules for every file.

Regular expressions: DuckDB's are RE2, Spark's are Java's. The patterns below are the same
except that Java's ``$`` also matches before a final line break, so they end with ``\\z``.
"""

from __future__ import annotations

import re
from typing import Any

from sihat.audit.schema import ID_TYPES_DIGITS
from sihat.core.spark import OFFSET_MINUTES, TS_OFFSET, TS_PATTERN

_DIGIT_TYPES = ", ".join(f"'{t}'" for t in ID_TYPES_DIGITS)

# In the order of parsing.MACROS (a function may call only those above it).
FUNCTIONS: tuple[str, ...] = (
    OFFSET_MINUTES,
    rf"""ts_utc(raw STRING) RETURNS TIMESTAMP RETURN
        CASE WHEN trim(raw) RLIKE r'{TS_PATTERN}'
        THEN timestampadd(MINUTE, -offset_minutes(trim(raw)),
                          try_cast(trim(regexp_replace(trim(raw), r'{TS_OFFSET}', ''))
                                   AS TIMESTAMP))
        END""",
    r"""parse_date(raw STRING) RETURNS DATE RETURN
        CASE WHEN trim(raw) RLIKE r'^\d{4}-\d{2}-\d{2}\z' THEN try_cast(trim(raw) AS DATE) END""",
    "my_date(ts TIMESTAMP) RETURNS DATE RETURN CAST(ts + INTERVAL 8 HOURS AS DATE)",
    r"""parse_bool(raw STRING) RETURNS BOOLEAN RETURN
        CASE lower(trim(raw)) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END""",
    r"""parse_int(raw STRING) RETURNS BIGINT RETURN
        CASE WHEN trim(raw) RLIKE r'^[+-]?\d{1,18}\z' THEN try_cast(trim(raw) AS BIGINT) END""",
    r"""parse_decimal(raw STRING) RETURNS DECIMAL(18, 2) RETURN
        CASE WHEN trim(raw) RLIKE r'^[+-]?\d{1,15}(\.\d{1,6})?\z'
        THEN try_cast(trim(raw) AS DECIMAL(18, 2)) END""",
    rf"""norm_id(id_type STRING, id_number STRING) RETURNS STRING RETURN nullif(
        CASE WHEN upper(trim(id_type)) IN ({_DIGIT_TYPES})
             THEN regexp_replace(id_number, r'[^0-9]', '')
             ELSE regexp_replace(upper(id_number), r'[^A-Z0-9]', '') END, '')""",
    r"""norm_name(s STRING) RETURNS STRING RETURN nullif(
        trim(regexp_replace(upper(s), r'[\s\p{Punct}]+', ' ')), '')""",
)


def install(spark: Any) -> None:
    """Define the functions in ``spark``'s session (idempotent)."""
    for body in FUNCTIONS:
        spark.sql(f"CREATE OR REPLACE TEMPORARY FUNCTION {body}")


# DuckDB -> Spark SQL, applied to every test file: (pattern, replacement).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Run parameters are session variables (declared by the engine).
    (re.compile(r"getvariable\('(\w+)'\)"), r"system.session.\1"),
    # date_diff('day', a, b) is b - a in days; Spark's timestampdiff(DAY, a, b) is the same.
    (re.compile(r"date_diff\('day',", re.IGNORECASE), "timestampdiff(DAY,"),
    # A double-quoted name is an identifier in DuckDB, a string in Spark.
    (re.compile(r'"(\w+)"'), r"`\1`"),
)


def translate(sql: str) -> str:
    """A test's DuckDB SQL as Spark SQL (its macros are Spark functions of the same name)."""
    for pattern, replacement in _RULES:
        sql = pattern.sub(replacement, sql)
    return sql


def quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"
