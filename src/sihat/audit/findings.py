"""The audit tests: one readable SQL file per finding in ``tests_sql/``, and the counts each
finding reports in ``summary.json`` (computed from its exception rows, so the counts and the
exception list can never disagree).

Each SQL file starts with a comment header (key, id, titles in Malay and English, the files it
requires, its parameters, its definition) and then one ``SELECT`` that returns the exception
rows. Parameters are DuckDB variables read with ``getvariable('name')``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import duckdb


@dataclass(frozen=True)
class Finding:
    key: str
    id: str
    title_ms: str
    title_en: str
    requires: tuple[str, ...]
    parameters: str
    definition: str
    sql: str
    filename: str


def _parse(filename: str, text: str) -> Finding:
    meta: dict[str, str] = {}
    last = ""
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("--   ") and last:
            meta[last] += " " + line[5:].strip()
        elif line.startswith("-- ") and ":" in line and not body:
            last, _, value = line[3:].partition(":")
            meta[last.strip()] = value.strip()
            last = last.strip()
        else:
            body.append(line)
    return Finding(
        key=meta["key"],
        id=meta["id"],
        title_ms=meta["title_ms"],
        title_en=meta["title_en"],
        requires=tuple(r.strip() for r in meta["requires"].split(",")),
        parameters=meta["parameters"],
        definition=meta["definition"],
        sql="\n".join(body).strip(),
        filename=filename,
    )


def load_findings() -> list[Finding]:
    folder = resources.files("sihat.audit").joinpath("tests_sql")
    items = sorted((p for p in folder.iterdir() if p.name.endswith(".sql")), key=lambda p: p.name)
    return [_parse(p.name, p.read_text(encoding="utf-8")) for p in items]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[Any, ...]]:
    return con.execute(sql).fetchall()


def _one(con: duckdb.DuckDBPyConnection, sql: str) -> Any:
    return con.execute(sql).fetchall()[0][0]


def _reason_counts(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, int]:
    rows = _rows(
        con,
        f"SELECT r, count(*) FROM (SELECT unnest(string_split(reason, ';')) AS r FROM {table}) "
        "GROUP BY r ORDER BY r",
    )
    return {str(r): int(n) for r, n in rows}


def _duplicates(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    hist = _rows(
        con,
        f"SELECT n, count(*) FROM (SELECT id_type, id_number_normalised, count(*) AS n FROM {t} "
        "GROUP BY ALL) GROUP BY n ORDER BY n",
    )
    return {
        "individuals": sum(int(c) for _, c in hist),
        "accounts": int(_one(con, f"SELECT count(*) FROM {t}")),
        "accounts_per_individual": {str(n): int(c) for n, c in hist},
    }


def _incomplete(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(
        con,
        f"SELECT f, count(*) FROM (SELECT unnest(string_split(missing_fields, ';')) AS f "
        f"FROM {t}) GROUP BY f ORDER BY f",
    )
    return {
        "records": int(_one(con, f"SELECT count(*) FROM {t}")),
        "by_field": {str(f): int(n) for f, n in rows},
    }


def _records(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    return {"records": int(_one(con, f"SELECT count(*) FROM {t}"))}


def _late(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    return {**_records(con, t, p), "threshold_days": p["threshold_days"]}


def _staff(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    by_action = _rows(con, f"SELECT action, count(*) FROM {t} GROUP BY action ORDER BY action")
    return {
        "events": int(_one(con, f"SELECT count(*) FROM {t}")),
        "by_action": {str(a): int(n) for a, n in by_action},
        "by_reason": _reason_counts(con, t),
    }


def _bulk(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(
        con,
        f"SELECT user_id, arg_max(role, occurred_at) FILTER (role IS NOT NULL), "
        f"sum(record_count), count(DISTINCT source_ip), count(*) FROM {t} "
        "GROUP BY user_id ORDER BY sum(record_count) DESC, user_id",
    )
    accounts = [
        {"user_id": u, "role": r, "records": int(n), "distinct_ips": int(i), "events": int(e)}
        for u, r, n, i, e in rows
    ]
    return {"accounts": accounts, "bulk_threshold": p["bulk_threshold"]}


def _intrusion(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    by_kind = _rows(con, f"SELECT kind, sum(attempts) FROM {t} GROUP BY kind ORDER BY kind")
    return {
        "attempts": int(_one(con, f"SELECT coalesce(sum(attempts), 0) FROM {t}")),
        "by_kind": {str(k): int(n) for k, n in by_kind},
        "blocked": int(_one(con, f"SELECT coalesce(sum(attempts), 0) FROM {t} WHERE blocked")),
    }


def _payments(con: duckdb.DuckDBPyConnection, t: str, p: dict[str, Any]) -> dict[str, Any]:
    amount = _one(con, f"SELECT coalesce(sum(amount_myr), 0) FROM {t}")
    return {
        "payments": int(_one(con, f"SELECT count(*) FROM {t}")),
        "amount_myr": float(amount),
        "by_reason": _reason_counts(con, t),
    }


Summariser = Callable[[duckdb.DuckDBPyConnection, str, dict[str, Any]], dict[str, Any]]

SUMMARISERS: dict[str, Summariser] = {
    "duplicate_accounts": _duplicates,
    "incomplete_vaccination_records": _incomplete,
    "vaccinated_after_ppv_closed": _records,
    "vaccinated_outside_ppv_period": _records,
    "unknown_ppv": _records,
    "uploaded_before_vaccination": _records,
    "unreasonable_upload_delay": _late,
    "staff_changes_outside_app": _staff,
    "bulk_downloads": _bulk,
    "intrusion_attempts": _intrusion,
    "irregular_payments": _payments,
}
