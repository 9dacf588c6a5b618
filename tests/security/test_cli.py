"""``sihat security report``, ``sihat exports trace`` and ``sihat vendors meter|usage``."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from sihat.cli import _register, app
from sihat.core import clock
from sihat.core.settings import get_settings
from sihat.security import service
from tests import factories

_register()
runner = CliRunner()


@pytest.fixture
def cli_db(fresh_database, monkeypatch):
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SIHAT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield fresh_database
    get_settings.cache_clear()


def test_security_report(cli_db, tmp_path) -> None:
    for n in range(3):
        service.record(None, "AUTH_FAILURE", f"203.0.113.{n}", "/api/v1/auth/login")
    service.record(None, "SCAN", "203.0.113.0", "/wp-admin")
    service.flush(cli_db)
    service.record(None, "SQL_INJECTION", "203.0.113.9", "/api/v1/health")  # still buffered
    result = runner.invoke(app, ["security", "report", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["attempts"] == 5
    assert report["by_kind"] == {"AUTH_FAILURE": 3, "SCAN": 1, "SQL_INJECTION": 1}
    assert report["by_source"][0] == {"source_ip": "203.0.113.0", "attempts": 2}
    text = runner.invoke(app, ["security", "report"])
    assert text.exit_code == 0 and "attempts: 5" in text.stdout
    leaked = tmp_path / "leak.csv"
    leaked.write_text("ref,state\nRnot-a-marker,Johor\n")
    assert runner.invoke(app, ["exports", "trace", str(leaked)]).exit_code == 1


def test_vendors_meter_and_usage(cli_db) -> None:
    with cli_db.unit_of_work() as session, clock.frozen(datetime(2021, 6, 3, 4, tzinfo=UTC)):
        factories.delivered_sms(session, 4, prefix="+6013")
    first = runner.invoke(app, ["vendors", "meter"])
    assert first.exit_code == 0 and "metered 4 SMS" in first.stdout
    assert "metered 0 SMS" in runner.invoke(app, ["vendors", "meter"]).stdout
    usage = runner.invoke(
        app, ["vendors", "usage", "--first", "2021-06-01", "--last", "2021-06-30", "--json"]
    )
    assert json.loads(usage.stdout) == {
        "service": "SMS",
        "units": 4,
        "by_day": {"2021-06-03": 4},
    }
