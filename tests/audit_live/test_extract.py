"""``sihat audit extract`` writes the live database as an extract the engine audits."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from sihat.audit.engine import Parameters, run_audit
from sihat.cli import _register, app
from tests import factories
from tests.governance.test_out_of_band import console
from tests.vendors.conftest import sms_contract, team  # noqa: F401  (fixtures)

_register()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def test_extract_then_audit_the_live_system(populated, tmp_path: Path) -> None:
    console(populated, "UPDATE staff_accounts SET full_name = 'Mallory' WHERE username = 'hotline'")
    result = CliRunner().invoke(app, ["audit", "extract", "--out", str(tmp_path / "x"), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)["rows"]
    assert written["accounts.csv"] == 7
    accounts = rows(tmp_path / "x" / "accounts.csv")
    assert all(len(a["id_number"]) == 12 and a["status"] == "ACTIVE" for a in accounts)
    regs = rows(tmp_path / "x" / "registrations.csv")
    assert sorted(r["channel"] for r in regs).count("MYSJ") == 6
    assert {r["channel"] for r in regs} == {"MYSJ", "WALKIN", "HOTLINE"}
    own = {r["mysj_id"] for r in regs if r["channel"] == "MYSJ"}
    assert len(own) == 6 and own <= {a["mysj_id"] for a in accounts}
    summary = run_audit(
        tmp_path / "x", tmp_path / "o", Parameters(probable=False), show_progress=False
    ).summary
    findings = summary["findings"]
    assert findings["duplicate_accounts"]["individuals"] == 0
    assert findings["incomplete_vaccination_records"]["records"] == 0
    staff = findings["staff_changes_outside_app"]
    # The three founders (no request) and the console edit; approved requests pass.
    assert staff["events"] == 4, staff
    by_channel = summary["outputs"]["registrations_by_channel"]
    assert by_channel["MYSJ"] == 6 and by_channel["HOTLINE"] == 1 and by_channel["WALKIN"] == 0


def test_live_run_stores_counts_and_the_report(populated, tmp_path) -> None:
    from sihat.audit_live import runs
    from sihat.audit_live.models import AuditRun
    from sihat.core.settings import get_settings

    get_settings().var_dir = tmp_path
    with populated.unit_of_work() as s:
        run_id = runs.start(s, "MANUAL").id
    runs.execute(populated, run_id)
    with populated.unit_of_work() as s:
        run = s.get(AuditRun, run_id)
        assert run.status == "DONE", run.error
        assert run.counts["staff_changes_outside_app"] == 3
        assert run.counts["duplicate_accounts"] == 0
        assert runs.due(s, 24) and not runs.due(s, 0)
    assert (tmp_path / "audit-runs" / run_id / "out" / "report.html").is_file()
    assert not (tmp_path / "audit-runs" / run_id / "extract").exists()


def test_security_events_are_extracted_and_counted(populated, tmp_path: Path) -> None:
    from sihat.security import service as security

    for i in range(3):
        security.record(None, "SQL_INJECTION", f"198.51.100.{i}", "/api/v1/registrations/web")
    security.record(None, "AUTH_FAILURE", "198.51.100.9", "/api/v1/staff/login")
    security.flush(populated)
    result = CliRunner().invoke(app, ["audit", "extract", "--out", str(tmp_path / "x"), "--json"])
    assert result.exit_code == 0, result.output
    events = rows(tmp_path / "x" / "security_events.csv")
    assert sorted(e["kind"] for e in events) == ["BRUTE_FORCE"] + ["SQL_INJECTION"] * 3
    summary = run_audit(
        tmp_path / "x", tmp_path / "o", Parameters(probable=False), show_progress=False
    ).summary
    assert summary["findings"]["intrusion_attempts"]["attempts"] == 4


def test_payments_are_extracted_in_the_contract_shape(session, team, sms_contract) -> None:
    from datetime import UTC, datetime

    from sihat.audit_live.sources_governance import payments as payment_rows
    from sihat.core import clock
    from sihat.vendors import payments
    from tests.vendors.test_payments import NOW, invoice, send_sms

    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    with clock.frozen(NOW):
        row = invoice(session, team)
        payments.verify(session, team["finance"].account, row.id)
        payments.approve(session, team["payer"].account, row.id)
        payments.pay(session, team["finance"].account, row.id, "EFT-0001")
    [out] = list(payment_rows(session))
    assert out["payment_id"] == row.id and out["service"] == "SMS"
    assert out["amount_myr"] == "7" and out["approver_limit_myr"] == "50000"
    assert out["verified_at"] <= out["approved_at"] <= out["paid_at"]
    assert out["verified_by"] != out["approved_by"]


def test_app_metrics_from_kept_check_in_figures(session) -> None:
    from datetime import date, datetime, timedelta

    from sihat.audit_live.sources_governance import app_metrics
    from sihat.checkins.models import CheckInAggregate
    from sihat.core import clock

    today = clock.today_my()
    with clock.frozen(clock.now() - timedelta(days=5)):
        factories.sign_up(session)
    factories.sign_up(session)  # today: not yet in any reported day
    days = [today - timedelta(days=3), today - timedelta(days=2)]
    for n, day in enumerate(days, start=1):
        session.add(
            CheckInAggregate(
                day=day,
                state="",
                bucket=-1,
                checkins=100 * n,
                unique_ind=10 * n,
                unique_loc=n,
                computed_at=clock.now(),
            )
        )
    session.flush()
    out = list(app_metrics(session))
    assert [r["date"] for r in out] == [*days, today - timedelta(days=1)]
    assert [r["checkins"] for r in out][:2] == [100, 200]
    assert all(r["registered_users_cumulative"] == 1 for r in out)
    assert isinstance(out[0]["date"], date) and not isinstance(out[0]["date"], datetime)
    assert all(r["myrisk_views"] == 0 and r["new_cases"] == 0 for r in out)


def test_app_metrics_carry_myrisk_views_and_confirmed_cases(session) -> None:
    from datetime import timedelta

    from sihat.audit_live.sources_governance import app_metrics
    from sihat.cases import service as cases
    from sihat.checkins.models import CheckInAggregate
    from sihat.core import clock
    from sihat.risk import service as risk
    from tests.cases.conftest import person_of, result

    crew = factories.health_officers(session, factories.staff_personas(session))
    day = clock.today_my() - timedelta(days=2)
    noon = clock.now() - timedelta(days=2)
    session.add(
        CheckInAggregate(
            day=day,
            state="",
            bucket=-1,
            checkins=7,
            unique_ind=1,
            unique_loc=1,
            computed_at=clock.now(),
        )
    )
    with clock.frozen(noon):
        for _ in range(3):
            risk.count_view(session)
        for _ in range(2):
            person = person_of(session, factories.sign_up(session))
            cases.record_result(
                session,
                crew["health_national"].account,
                result(person, sample_at=noon - timedelta(hours=3)),
                channel="API",
            )
    session.flush()
    (row,) = [r for r in app_metrics(session) if r["date"] == clock.malaysia_date(noon)]
    assert (row["myrisk_views"], row["new_cases"]) == (3, 2)
