"""The few SQL functions the tracing SQL uses beyond standard SQL, as DuckDB macros.

Timestamps become UTC instants in whole microseconds (BIGINT), so the rules are integer
arithmetic that any SQL engine runs the same way. A timestamp written without an offset is
Malaysia time (UTC+08:00, unchanged since 1982): the Malaysia date of an instant is the date
of ``instant + 8 hours``.
"""

from __future__ import annotations

import duckdb

_TS_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"  # date and time
    r"\s*(Z|z|[+-]\d{2}(:?\d{2})?)?$"  # optional offset
)
_OFFSET = r"(Z|z|[+-]\d{2}(:?\d{2})?)$"
_NAIVE_SECONDS = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}"
MALAYSIA_OFFSET_US = 8 * 3600 * 1_000_000

MACROS: tuple[str, ...] = (
    # Offset of a timestamp's text in minutes east of UTC; none written = Malaysia (+480).
    r"""CREATE OR REPLACE TEMP MACRO offset_minutes(s) AS (
        CASE
          WHEN regexp_extract(s, '(Z|z|[+-]\d{2}(:?\d{2})?)$') = '' THEN 480
          WHEN upper(regexp_extract(s, '(Z|z|[+-]\d{2}(:?\d{2})?)$')) = 'Z' THEN 0
          ELSE (CASE WHEN regexp_extract(s, '([+-])\d{2}(:?\d{2})?$', 1) = '-'
                     THEN -1 ELSE 1 END)
               * (CAST(regexp_extract(s, '[+-](\d{2})(:?(\d{2}))?$', 1) AS INTEGER) * 60
                  + coalesce(TRY_CAST(regexp_extract(s, '[+-]\d{2}:?(\d{2})$', 1) AS INTEGER), 0))
        END)""",
    # ISO 8601 timestamp text -> UTC microseconds since 1970, or NULL when unreadable. The
    # common form (Malaysia time to the second) first, with one match and one cast.
    f"""CREATE OR REPLACE TEMP MACRO ts_us(raw) AS (
        CASE WHEN regexp_full_match(raw, '{_NAIVE_SECONDS}')
        THEN epoch_us(TRY_CAST(raw AS TIMESTAMP)) - {MALAYSIA_OFFSET_US}
        WHEN regexp_full_match(trim(raw), '{_TS_PATTERN}')
        THEN epoch_us(TRY_CAST(trim(regexp_replace(trim(raw), '{_OFFSET}', '')) AS TIMESTAMP))
             - CAST(offset_minutes(trim(raw)) AS BIGINT) * 60000000
        END)""",
    # The Malaysia calendar date of a UTC instant in microseconds.
    f"""CREATE OR REPLACE TEMP MACRO my_date(us) AS
        CAST(make_timestamp(CAST(us + {MALAYSIA_OFFSET_US} AS BIGINT)) AS DATE)""",
    # An all-digit id as a number (ids that are numbers order as numbers), else NULL. The SQL
    # always orders by ``id_number(x) NULLS LAST, x``. The loader types an id column BIGINT when
    # every id in it is a whole number written plainly: such a column's own order is already
    # the numeric one, so the key is the same NULL on every row (no cast, no 16-byte key in the
    # sort). Text is matched only when its first character is a digit.
    r"""CREATE OR REPLACE TEMP MACRO id_number(s) AS (
        CASE WHEN typeof(s) = 'BIGINT' THEN CAST(NULL AS DECIMAL(38, 0))
             WHEN CAST(s AS VARCHAR) >= '0' AND CAST(s AS VARCHAR) < ':'
                  AND regexp_full_match(CAST(s AS VARCHAR), '\d{1,38}')
             THEN CAST(CAST(s AS VARCHAR) AS DECIMAL(38, 0)) END)""",
)


def install(con: duckdb.DuckDBPyConnection) -> None:
    for sql in MACROS:
        con.execute(sql)
