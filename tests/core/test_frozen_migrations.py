"""Migrations are frozen: they import no sihat code, and the row-change triggers they install
from their frozen SQL are exactly those ``governance.triggers`` makes today."""

from __future__ import annotations

import ast
from importlib import resources

from sqlalchemy import Connection, text

from sihat.core.db import Database
from sihat.governance import triggers

VERSIONS = resources.files("sihat").joinpath("migrations", "versions")


def _definitions(conn: Connection) -> dict[str, list[tuple[str, ...]]]:
    """Every trigger (name, table, SQL) and, on PostgreSQL, every function of the schema."""
    if conn.dialect.name == "sqlite":
        rows = conn.execute(
            text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
        return {"triggers": sorted(tuple(r) for r in rows), "functions": []}
    trigger_rows = conn.execute(
        text(
            "SELECT t.tgname, c.relname, pg_get_triggerdef(t.oid) FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
        )
    )
    function_rows = conn.execute(
        text(
            "SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE p.prokind = 'f' AND n.nspname = current_schema()"
        )
    )
    return {
        "triggers": sorted(tuple(r) for r in trigger_rows),
        "functions": sorted(tuple(r) for r in function_rows),
    }


def test_migrated_triggers_are_those_triggers_install_makes_today(
    fresh_database: Database,
) -> None:
    with fresh_database.engine.begin() as conn:
        migrated = _definitions(conn)
        # Remove what the migrations made, then let today's code make it again.
        for name, table, _ in migrated["triggers"]:
            if conn.dialect.name == "sqlite":
                conn.execute(text(f"DROP TRIGGER {name}"))
            else:
                conn.execute(text(f"DROP TRIGGER {name} ON {table}"))
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP FUNCTION sihat_rows_changed()"))
        assert _definitions(conn)["triggers"] == []
        triggers.install(conn, triggers.SENSITIVE_TABLES)
        installed = _definitions(conn)
    # Not vacuous: every sensitive table carries a trigger.
    assert {table for _, table, _ in migrated["triggers"]} == set(triggers.SENSITIVE_TABLES)
    assert migrated == installed


def test_no_migration_imports_sihat_code() -> None:
    imported: dict[str, list[str]] = {}
    files = [f for f in VERSIONS.iterdir() if f.name.endswith(".py")]
    assert len(files) >= 8
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            imported.setdefault(file.name, []).extend(names)
    offenders = {
        name: [m for m in modules if m == "sihat" or m.startswith("sihat.")]
        for name, modules in imported.items()
    }
    assert {name: modules for name, modules in offenders.items() if modules} == {}


def test_0019_goes_back_to_per_row_triggers_and_forward_again(fresh_database: Database) -> None:
    """Downgrading 0019 puts back one per-row trigger per sensitive table (PostgreSQL; SQLite's
    triggers never changed), and upgrading again gives exactly the head's triggers."""
    from alembic import command

    from sihat.core.migrate import alembic_config

    with fresh_database.engine.begin() as conn:
        head = _definitions(conn)
        command.downgrade(alembic_config(connection=conn), "0018_redis2")
        before = _definitions(conn)
        command.upgrade(alembic_config(connection=conn), "heads")
        again = _definitions(conn)
    assert again == head
    if fresh_database.engine.dialect.name == "sqlite":
        assert before == head
        return
    assert [name for name, _ in before["functions"] if name.startswith("sihat_row")] == [
        "sihat_row_change"
    ]
    per_row = {table: sql for name, table, sql in before["triggers"]}
    assert set(per_row) == set(triggers.SENSITIVE_TABLES)
    assert all("FOR EACH ROW" in sql for sql in per_row.values())
    assert len(before["triggers"]) == len(triggers.SENSITIVE_TABLES)
    statement_level = [sql for _, _, sql in head["triggers"]]
    assert len(statement_level) == 3 * len(triggers.SENSITIVE_TABLES)
    assert all("FOR EACH STATEMENT" in sql for sql in statement_level)
