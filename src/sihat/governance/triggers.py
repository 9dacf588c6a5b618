"""Database triggers on sensitive tables: every insert, update and delete is written to
``row_changes`` with the application's transaction marker (see ``core.txmark``) when, and
only when, the application made it. A change from a script or a console has none.

The triggers are part of the schema, so migrations make them; but a migration never calls this
module: 0005 and 0008 run the SQL this module produced when they were written, frozen beside them
(``migrations/versions/sql/``), so changing this file never changes what an old migration does.
This module is the source for *future* migrations (a change here needs a new migration that runs
its new SQL, frozen the same way) and for the runtime: ``SENSITIVE_TABLES`` names what the
out-of-band scan (``governance.scan``, which reads ``row_changes``) can see. A test
(``tests/core/test_frozen_migrations.py``) checks that a database migrated to head holds exactly
the triggers ``install(connection, SENSITIVE_TABLES)`` makes today.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# Tables whose every change must be explained by the application, with their key column.
# Each migration that adds one installs its trigger (0005 the staff tables, 0008 the rest,
# 0012 the health records, 0013 MySJ Trace's devices and contacts); 0019 replaced every
# PostgreSQL per-row trigger with the statement-level ones below.
SENSITIVE_TABLES = {
    "staff_accounts": "id",
    "staff_roles": "id",
    "dose_records": "id",
    "dose_amendments": "id",
    "ppv_operating_periods": "id",
    "ppv_assignments": "id",
    "vendor_invoices": "id",
    "vendor_approval_limits": "staff_id",
    "export_requests": "id",
    "certificates": "id",
    "certificate_revocations": "id",
    "cases": "id",
    "case_retractions": "id",
    "risk_statuses": "id",
    "orders": "id",
    "trace_devices": "id",
    "trace_contacts": "id",
}

# On PostgreSQL one trigger per operation and table, fired once per statement: the rows it
# changed arrive as a transition table (``changed``), and one INSERT ... SELECT writes a row
# change for each of them, reading the key column by name (``%I``, quoted by ``format``). On
# 100,000 rows shaped like MyRisk statuses (``bench/row_change_triggers.py``) the per-row
# trigger this replaced added 11.5 µs a row to an insert, 11.7 to an update and 11.2 to a
# delete; these add 4.6, 4.9 and 3.2. PostgreSQL allows a transition table only on a
# trigger with one event, hence three triggers. SQLite has no statement-level triggers, so it
# keeps one trigger per row and operation.
PG_OPERATIONS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sihat_rows_changed() RETURNS trigger AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, '
    'txid) SELECT $1, $2, %I::text, to_char(clock_timestamp() AT TIME ZONE ''UTC'', '
    '''YYYY-MM-DD"T"HH24:MI:SS.US"Z"''), NULLIF(current_setting(''sihat.app_tx'', true), '
    '''''), current_user, txid_current()::text FROM changed', TG_ARGV[0])
  USING TG_TABLE_NAME, TG_OP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def _pg_drop(table: str, op: str) -> str:
    return f"DROP TRIGGER IF EXISTS sihat_row_change_{op.lower()} ON {table}"


def _pg_trigger(table: str, op: str, key: str) -> str:
    return (
        f"CREATE TRIGGER sihat_row_change_{op.lower()} AFTER {op} ON {table} "
        f"REFERENCING {PG_OPERATIONS[op]} TABLE AS changed "
        f"FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('{key}')"
    )


def _sqlite_trigger(table: str, op: str, key: str = "id") -> str:
    ref = "OLD" if op == "DELETE" else "NEW"
    return f"""
CREATE TRIGGER IF NOT EXISTS sihat_{table}_{op.lower()} AFTER {op} ON {table}
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('{table}', '{op}', {ref}.{key}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END
"""


def _keys(tables: list[str] | dict[str, str]) -> dict[str, str]:
    return dict.fromkeys(tables, "id") if isinstance(tables, list) else dict(tables)


def install(connection: Connection, tables: list[str] | dict[str, str]) -> None:
    """Install the row-change trigger on each table (``{table: key column}``, or names of
    tables keyed by ``id``)."""
    keyed = _keys(tables)
    if connection.dialect.name == "postgresql":
        connection.execute(text(PG_FUNCTION))
        for table, key in keyed.items():
            for op in PG_OPERATIONS:
                connection.execute(text(_pg_drop(table, op)))
                connection.execute(text(_pg_trigger(table, op, key)))
        return
    for table, key in keyed.items():
        for op in ("INSERT", "UPDATE", "DELETE"):
            connection.execute(text(_sqlite_trigger(table, op, key)))


def uninstall(connection: Connection, tables: list[str] | dict[str, str]) -> None:
    if connection.dialect.name == "postgresql":
        for table in _keys(tables):
            for op in PG_OPERATIONS:
                connection.execute(text(_pg_drop(table, op)))
        return
    for table in _keys(tables):
        for op in ("insert", "update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS sihat_{table}_{op}"))
