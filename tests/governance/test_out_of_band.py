"""A staff row changed with the sqlite3 or psql console is flagged, alerted and listed."""

from __future__ import annotations

import json
import subprocess

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from sihat.cli import _register, app
from sihat.core.alerts import Alert
from sihat.core.settings import get_settings
from sihat.governance import requests
from sihat.governance.models import RowChange
from sihat.governance.scan import scan
from tests import factories

_register()


def console(database, sql: str) -> None:
    url = database.engine.url
    if url.get_backend_name() == "sqlite":
        subprocess.run(["sqlite3", url.database, sql], check=True, capture_output=True)
    else:
        subprocess.run(
            [
                "psql",
                "-h",
                url.host or "127.0.0.1",
                "-U",
                url.username or "postgres",
                "-d",
                url.database,
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
        )


def test_application_changes_are_not_flagged(fresh_database) -> None:
    with fresh_database.unit_of_work() as s:
        p = factories.staff_personas(s)
        requests.onboard(
            s,
            p["admin"].account,
            [p["approver"].account],
            username="one.more",
            full_name="One More",
            password=factories.STAFF_PASSWORD,
            grants=[{"role": "AUDITOR"}],
        )
    with fresh_database.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(RowChange)) > 10
        result = scan(s)
        assert result.clean and result.flagged == [] and result.new_alerts == 0


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE staff_accounts SET status = 'ACTIVE' WHERE username = 'auditor'",
        "INSERT INTO staff_roles (id, staff_id, role, scope_type, granted_at) SELECT "
        "'r-backdoor', id, 'ADMIN', 'NATIONAL', created_at FROM staff_accounts "
        "WHERE username = 'hotline'",
        "DELETE FROM staff_roles WHERE role = 'AUDITOR'",
    ],
)
def test_console_changes_are_flagged(fresh_database, monkeypatch, statement: str) -> None:
    with fresh_database.unit_of_work() as s:
        factories.staff_personas(s)
    console(fresh_database, statement)
    monkeypatch.setenv(
        "SIHAT_DATABASE_URL", fresh_database.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    try:
        first = CliRunner().invoke(app, ["governance", "scan", "--json"])
        again = CliRunner().invoke(app, ["governance", "scan", "--json"])
    finally:
        get_settings.cache_clear()
    assert first.exit_code == 1, first.output
    out = json.loads(first.stdout)
    assert out["new_alerts"] >= 1 and out["flagged"]
    table = statement.split()[2] if statement.startswith("INSERT") else None
    assert {f["table"] for f in out["flagged"]} <= {"staff_accounts", "staff_roles"}
    assert table in (None, "staff_roles")
    assert json.loads(again.stdout)["new_alerts"] == 0 and again.exit_code == 1
    with fresh_database.unit_of_work() as s:
        alerts = s.scalars(select(Alert).where(Alert.kind == "out_of_band_change")).all()
        assert len(alerts) == out["new_alerts"] and alerts[0].severity == "critical"


def test_a_forged_marker_is_flagged(fresh_database) -> None:
    with fresh_database.unit_of_work() as s:
        factories.staff_personas(s)
    if fresh_database.engine.url.get_backend_name() == "sqlite":
        sql = (
            "INSERT INTO app_tx_marker (id, token) VALUES (1, 'abc:def'); "
            "UPDATE staff_accounts SET full_name = 'X' WHERE username = 'hotline'; "
            "DELETE FROM app_tx_marker;"
        )
    else:
        sql = (
            "BEGIN; SELECT set_config('sihat.app_tx', 'abc:def', true); "
            "UPDATE staff_accounts SET full_name = 'X' WHERE username = 'hotline'; COMMIT;"
        )
    console(fresh_database, sql)
    with fresh_database.unit_of_work() as s:
        result = scan(s)
    assert [f["reason"] for f in result.flagged] == ["forged marker"]


def test_every_sensitive_table_is_watched_with_its_key(fresh_database) -> None:
    from sihat.governance.triggers import SENSITIVE_TABLES

    with fresh_database.unit_of_work() as s:
        p = factories.staff_personas(s)
        hotline_id = p["hotline"].account.id
    console(
        fresh_database,
        "INSERT INTO vendor_approval_limits (staff_id, limit_sen, set_by, "
        "set_at) SELECT id, 100, id, created_at FROM staff_accounts "
        "WHERE username = 'hotline'",
    )
    with fresh_database.unit_of_work() as s:
        [flag] = scan(s).flagged
        watched = {name for (name,) in s.execute(select(RowChange.table_name).distinct())}
    assert (flag["table"], flag["row_id"]) == ("vendor_approval_limits", hotline_id)
    assert {"staff_accounts", "staff_roles"} <= watched <= set(SENSITIVE_TABLES)


def test_a_console_change_to_a_case_or_a_risk_status_is_flagged(fresh_database) -> None:
    """The health records are watched like staff accounts: a case quietly retracted or a
    MyRisk status lifted from a database console is caught, while the application's own
    recording of them is not."""
    from datetime import timedelta

    from sihat.cases import service as cases
    from sihat.core import clock
    from sihat.risk import service as risk
    from tests.cases.conftest import person_of, result

    with fresh_database.unit_of_work() as s:
        crew = factories.health_officers(s, factories.staff_personas(s))
        person = person_of(s, factories.sign_up(s))
        made = cases.record_result(
            s,
            crew["health_national"].account,
            result(person, sample_at=clock.now() - timedelta(hours=2)),
            channel="API",
        )
        case_id = made.case.id
        assert risk.current(s, person.id).status == "CONFIRMED"
    with fresh_database.unit_of_work() as s:
        assert scan(s).clean
    console(fresh_database, f"UPDATE cases SET status = 'RETRACTED' WHERE id = '{case_id}'")
    console(fresh_database, f"DELETE FROM risk_statuses WHERE person_id = '{person.id}'")
    with fresh_database.unit_of_work() as s:
        flagged = scan(s).flagged
    assert {(f["table"], f["operation"]) for f in flagged} >= {
        ("cases", "UPDATE"),
        ("risk_statuses", "DELETE"),
    }


def _changes(session, table: str, operation: str) -> list[RowChange]:
    return list(
        session.scalars(
            select(RowChange)
            .where(RowChange.table_name == table, RowChange.operation == operation)
            .order_by(RowChange.id)
        )
    )


def test_a_statement_of_many_rows_records_each_row(fresh_database) -> None:
    """One statement that changes many rows records one row change per row, with each row's
    key: made by the application, every one carries its marker and the scan stays clean; made
    from a console, every one is flagged. (On PostgreSQL the trigger fires once per statement
    with the statement's rows; on SQLite once per row.)"""
    from sqlalchemy import update

    from sihat.staff.models import StaffAccount, StaffRole

    with fresh_database.unit_of_work() as s:
        factories.staff_personas(s)
    with fresh_database.unit_of_work() as s:
        staff = set(s.scalars(select(StaffAccount.id)))
        before = len(_changes(s, "staff_accounts", "UPDATE"))
        s.execute(update(StaffAccount).values(full_name=StaffAccount.full_name + " "))
    assert len(staff) >= 5
    with fresh_database.unit_of_work() as s:
        made = _changes(s, "staff_accounts", "UPDATE")[before:]
        assert sorted(str(c.row_id) for c in made) == sorted(staff)
        assert len({c.app_token for c in made}) == 1 and made[0].app_token
        assert scan(s).clean
        roles = {r.id for r in s.scalars(select(StaffRole)) if r.role != "ADMIN"}
    assert len(roles) >= 3
    console(fresh_database, "DELETE FROM staff_roles WHERE role <> 'ADMIN'")
    with fresh_database.unit_of_work() as s:
        deleted = _changes(s, "staff_roles", "DELETE")
        flagged = scan(s).flagged
    assert sorted(str(c.row_id) for c in deleted) == sorted(roles)
    assert all(c.app_token is None for c in deleted)
    assert {f["row_id"] for f in flagged if f["table"] == "staff_roles"} == roles
