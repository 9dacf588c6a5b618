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
# 0012 the health records, 0013 MySJ Trace's devices and contacts).
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

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION sihat_row_change() RETURNS trigger AS $$
DECLARE
  rid text;
BEGIN
  IF TG_OP = 'DELETE' THEN rid := to_jsonb(OLD) ->> TG_ARGV[0];
  ELSE rid := to_jsonb(NEW) ->> TG_ARGV[0]; END IF;
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES (TG_TABLE_NAME, TG_OP, rid, to_char(clock_timestamp() AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          NULLIF(current_setting('sihat.app_tx', true), ''), current_user,
          txid_current()::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


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
            connection.execute(text(f"DROP TRIGGER IF EXISTS sihat_row_change ON {table}"))
            connection.execute(
                text(
                    f"CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION sihat_row_change('{key}')"
                )
            )
        return
    for table, key in keyed.items():
        for op in ("INSERT", "UPDATE", "DELETE"):
            connection.execute(text(_sqlite_trigger(table, op, key)))


def uninstall(connection: Connection, tables: list[str] | dict[str, str]) -> None:
    if connection.dialect.name == "postgresql":
        for table in _keys(tables):
            connection.execute(text(f"DROP TRIGGER IF EXISTS sihat_row_change ON {table}"))
        return
    for table in _keys(tables):
        for op in ("insert", "update", "delete"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS sihat_{table}_{op}"))
