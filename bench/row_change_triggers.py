"""Benchmark of the row-change triggers (``governance.triggers``) on PostgreSQL: what they add to
a many-row write on a sensitive table, today's statement-level triggers against the per-row
trigger of migrations 0005 to 0018 (the baseline, read from 0012's frozen SQL), in the same run.

A scratch database is migrated to head. A table shaped exactly like ``risk_statuses`` (its
columns, types and indexes, without its foreign keys, so that only the trigger differs) gets
``--rows`` rows in one ``INSERT ... SELECT``, then one ``UPDATE`` of them all (the tracing job
writes MyRisk history rows and turns current flags off and on, thousands at a time), then one
``DELETE``: with no trigger, with the old per-row trigger, and with today's three statement-level
triggers. Each is the best of ``--repeat`` runs; ``row_changes`` is checked to hold one row per
changed row.

    .venv/bin/python bench/row_change_triggers.py [--rows 100000] [--repeat 3]

Figures: a table, then one JSON object on the last line (keys name their units).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import drop_database, scratch_database_url

from sihat.core import migrate
from sihat.governance import triggers

BENCH_DB = "sihat_bench_triggers"
TABLE = "bench_statuses"
OLD_SQL = resources.files("sihat").joinpath(
    "migrations", "versions", "sql", "0012_protect_health_records.upgrade.postgresql.sql"
)


def _old_function() -> str:
    """0012's per-row ``sihat_row_change()`` exactly as it was frozen (the baseline)."""
    first = OLD_SQL.read_text(encoding="utf-8").split(";\n\n")[0]
    lines = [line for line in first.splitlines() if not line.startswith("--")]
    return "\n".join(lines).strip()


def _value(column: str, kind: str, length: int | None) -> str:
    """A SQL expression giving row ``i`` a distinct value of the column's type."""
    text = f"md5(i::text || '{column}')"
    if kind in ("character varying", "character"):
        return f"left({text} || {text}, {length or 64})"
    if kind == "text":
        return f"repeat({text}, 3)"
    if kind == "bytea":
        return f"decode({text} || {text} || {text}, 'hex')"
    if kind == "boolean":
        return "i % 2 = 0"
    if kind in ("integer", "bigint", "smallint"):
        return "i"
    if kind == "date":
        return "current_date"
    if kind.startswith("timestamp"):
        return "now()"
    if kind in ("json", "jsonb"):
        return f"'{{}}'::{kind}"
    raise SystemExit(f"bench: no generator for column {column} of type {kind}")


def _insert_sql(cur: psycopg.Cursor, rows: int) -> str:
    cur.execute(
        "SELECT column_name, data_type, character_maximum_length FROM information_schema.columns "
        "WHERE table_name = 'risk_statuses' AND table_schema = current_schema() "
        "ORDER BY ordinal_position"
    )
    columns = cur.fetchall()
    names = ", ".join(name for name, _, _ in columns)
    values = ", ".join(_value(name, kind, length) for name, kind, length in columns)
    return f"INSERT INTO {TABLE} ({names}) SELECT {values} FROM generate_series(1, {rows}) AS i"


def _timed(cur: psycopg.Cursor, sql: str) -> float:
    started = time.perf_counter()
    cur.execute(sql)
    return time.perf_counter() - started


def _round(cur: psycopg.Cursor, insert: str, rows: int, expect: int) -> dict[str, float]:
    """One insert, update and delete of ``rows`` rows; seconds for each."""
    cur.execute(f"TRUNCATE {TABLE}; TRUNCATE row_changes")
    spent = {
        "insert": _timed(cur, insert),
        "update": _timed(cur, f"UPDATE {TABLE} SET is_current = NOT is_current"),
        "delete": _timed(cur, f"DELETE FROM {TABLE}"),
    }
    cur.execute(f"SELECT count(*), count(row_id) FROM row_changes WHERE table_name = '{TABLE}'")
    recorded, with_key = cur.fetchone() or (0, 0)
    if recorded != expect * rows or with_key != recorded:
        raise SystemExit(f"bench: {recorded} row changes ({with_key} keyed), not {expect * rows}")
    return spent


def run(rows: int, repeat: int) -> dict[str, dict[str, float]]:
    url = scratch_database_url("postgresql", Path(tempfile.gettempdir()), BENCH_DB)
    try:
        migrate.upgrade(url)
        raw = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(raw, autocommit=True) as con, con.cursor() as cur:
            cur.execute(f"CREATE TABLE {TABLE} (LIKE risk_statuses INCLUDING ALL)")
            insert = _insert_sql(cur, rows)
            setups = {
                "none": ([], 0),
                "per_row": (
                    [
                        _old_function(),
                        f"CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON "
                        f"{TABLE} FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id')",
                    ],
                    3,
                ),
                "statement": ([f"DROP TRIGGER sihat_row_change ON {TABLE}"], 3),
            }
            best: dict[str, dict[str, float]] = {}
            for name, (statements, expect) in setups.items():
                for statement in statements:
                    cur.execute(statement)
                if name == "statement":  # today's triggers, as the platform installs them
                    engine = create_engine(url)
                    with engine.begin() as conn:
                        triggers.install(conn, {TABLE: "id"})
                    engine.dispose()
                for _ in range(repeat):
                    spent = _round(cur, insert, rows, expect)
                    mine = best.setdefault(name, spent)
                    for op, seconds in spent.items():
                        mine[op] = min(mine[op], seconds)
                print(f"  {name}: {best[name]}", file=sys.stderr, flush=True)
    finally:
        drop_database(BENCH_DB)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    best = run(args.rows, args.repeat)
    us = {
        name: {op: seconds * 1e6 / args.rows for op, seconds in spent.items()}
        for name, spent in best.items()
    }
    added = {
        name: {op: us[name][op] - us["none"][op] for op in us[name]}
        for name in ("per_row", "statement")
    }
    print(f"{'trigger':<12}{'insert µs/row':>15}{'update µs/row':>15}{'delete µs/row':>15}")
    for name, row in us.items():
        print(f"{name:<12}{row['insert']:>15.2f}{row['update']:>15.2f}{row['delete']:>15.2f}")
    print("added by the trigger (above no trigger):")
    for name, row in added.items():
        print(f"{name:<12}{row['insert']:>15.2f}{row['update']:>15.2f}{row['delete']:>15.2f}")
    figures: dict[str, float | int] = {"rows": args.rows, "repeat": args.repeat}
    for name, row in us.items():
        for op, value in row.items():
            figures[f"{op}_{name}_us_per_row"] = round(value, 2)
    for op in ("insert", "update", "delete"):
        figures[f"{op}_trigger_cost_ratio_per_row_to_statement"] = round(
            added["per_row"][op] / added["statement"][op], 2
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
