"""How the text of an extract becomes typed values: DuckDB macros, one per rule of the spec.

All timestamps are stored as UTC ``TIMESTAMP`` values; a timestamp written without an offset is
Malaysia time (UTC+08:00). Malaysia has kept UTC+08:00 since 1982, so the Malaysia calendar
date of a moment is the date of ``utc + 8 hours``. A parser returns NULL for text it cannot
read; the loader turns that NULL into a malformed-file error (required column) or a
``data_quality`` entry (optional column).
"""

from __future__ import annotations

import duckdb

from sihat.audit.schema import ID_TYPES_DIGITS, Column

_TS_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"  # date and time
    r"\s*(Z|z|[+-]\d{2}(:?\d{2})?)?$"  # optional offset
)
_OFFSET = r"(Z|z|[+-]\d{2}(:?\d{2})?)$"
_DIGIT_TYPES = ", ".join(f"'{t}'" for t in ID_TYPES_DIGITS)

MACROS: tuple[str, ...] = (
    # Offset of a timestamp's text in minutes east of UTC; none written = Malaysia (+480).
    r"""CREATE OR REPLACE MACRO offset_minutes(s) AS (
        CASE
          WHEN regexp_extract(s, '(Z|z|[+-]\d{2}(:?\d{2})?)$') = '' THEN 480
          WHEN upper(regexp_extract(s, '(Z|z|[+-]\d{2}(:?\d{2})?)$')) = 'Z' THEN 0
          ELSE (CASE WHEN regexp_extract(s, '([+-])\d{2}(:?\d{2})?$', 1) = '-'
                     THEN -1 ELSE 1 END)
               * (CAST(regexp_extract(s, '[+-](\d{2})(:?(\d{2}))?$', 1) AS INTEGER) * 60
                  + coalesce(TRY_CAST(regexp_extract(s, '[+-]\d{2}:?(\d{2})$', 1) AS INTEGER), 0))
        END)""",
    # ISO 8601 timestamp text -> UTC TIMESTAMP, or NULL.
    f"""CREATE OR REPLACE MACRO ts_utc(raw) AS (
        CASE WHEN regexp_full_match(trim(raw), '{_TS_PATTERN}')
        THEN TRY_CAST(trim(regexp_replace(trim(raw), '{_OFFSET}', '')) AS TIMESTAMP)
             - to_minutes(CAST(offset_minutes(trim(raw)) AS BIGINT))
        END)""",
    # YYYY-MM-DD -> DATE, or NULL.
    r"""CREATE OR REPLACE MACRO parse_date(raw) AS (
        CASE WHEN regexp_full_match(trim(raw), '^\d{4}-\d{2}-\d{2}$')
        THEN TRY_CAST(trim(raw) AS DATE) END)""",
    # The Malaysia calendar date of a UTC timestamp.
    "CREATE OR REPLACE MACRO my_date(ts) AS CAST(ts + INTERVAL 8 HOUR AS DATE)",
    r"""CREATE OR REPLACE MACRO parse_bool(raw) AS (
        CASE lower(trim(raw)) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)""",
    r"""CREATE OR REPLACE MACRO parse_int(raw) AS (
        CASE WHEN regexp_full_match(trim(raw), '^[+-]?\d{1,18}$')
        THEN CAST(trim(raw) AS BIGINT) END)""",
    r"""CREATE OR REPLACE MACRO parse_decimal(raw) AS (
        CASE WHEN regexp_full_match(trim(raw), '^[+-]?\d{1,15}(\.\d{1,6})?$')
        THEN CAST(trim(raw) AS DECIMAL(18, 2)) END)""",
    # Identity normalisation (spec: "Identity normalisation").
    f"""CREATE OR REPLACE MACRO norm_id(id_type, id_number) AS nullif(
        CASE WHEN upper(trim(id_type)) IN ({_DIGIT_TYPES})
             THEN regexp_replace(id_number, '[^0-9]', '', 'g')
             ELSE regexp_replace(upper(id_number), '[^A-Z0-9]', '', 'g') END, '')""",
    # Names compare upper-case with runs of spaces and punctuation folded to one space.
    r"""CREATE OR REPLACE MACRO norm_name(s) AS nullif(
        trim(regexp_replace(upper(s), '[\s[:punct:]]+', ' ', 'g')), '')""",
)


def install_macros(con: duckdb.DuckDBPyConnection) -> None:
    for sql in MACROS:
        con.execute(sql)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def parse_expr(col: Column, src: str) -> str:
    """SQL that parses the text column ``src`` as ``col`` says; NULL when it cannot."""
    kind = col.kind
    if kind == "text":
        return f"nullif(trim({src}), '')"
    if kind == "upper":
        return f"nullif(upper(trim({src})), '')"
    if kind == "enum":
        values = ", ".join(f"'{v}'" for v in col.values)
        return f"CASE WHEN upper(trim({src})) IN ({values}) THEN upper(trim({src})) END"
    if kind == "date":
        return f"parse_date({src})"
    if kind == "timestamp":
        return f"ts_utc({src})"
    if kind == "date_or_ts":  # parsed to its Malaysia date; see loader for the timestamp
        return f"coalesce(parse_date({src}), my_date(ts_utc({src})))"
    if kind == "bool":
        return f"parse_bool({src})"
    if kind == "int":
        return f"parse_int({src})"
    if kind == "dose":
        return f"CASE WHEN parse_int({src}) BETWEEN 1 AND 5 THEN parse_int({src}) END"
    if kind == "decimal":
        return f"parse_decimal({src})"
    raise ValueError(f"unknown column kind {kind!r}")


def expected_form(col: Column) -> str:
    """A short bilingual note of what a value must look like, for error messages."""
    forms = {
        "date": "YYYY-MM-DD",
        "timestamp": "ISO 8601 timestamp / cap masa ISO 8601",
        "date_or_ts": "YYYY-MM-DD or ISO 8601 timestamp",
        "bool": "true/false",
        "int": "integer / integer",
        "dose": "1-5",
        "decimal": "decimal, e.g. 1234.50",
        "enum": " | ".join(col.values),
        "text": "non-empty text / teks tidak kosong",
        "upper": "non-empty text / teks tidak kosong",
    }
    return forms[col.kind]
