"""``sihat notify deliver`` and ``sihat notify status``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sihat.cli import _register, app
from sihat.core.settings import get_settings
from sihat.notifications.service import queue_sms

_register()
runner = CliRunner()


@pytest.fixture
def cli_db(fresh_database, monkeypatch):
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SIHAT_DATABASE_URL", url)
    monkeypatch.setenv("SIHAT_NOTIFY_QUIET_HOURS", "[0, 0]")
    get_settings.cache_clear()
    yield fresh_database
    get_settings.cache_clear()


def test_deliver_then_status(cli_db) -> None:
    with cli_db.unit_of_work() as s:
        for i in range(3):
            queue_sms(s, f"+6019{i:07d}", "registration", channel="WEB")
    before = runner.invoke(app, ["notify", "status", "--json"])
    assert before.exit_code == 0 and json.loads(before.stdout) == {"sms": {"PENDING": 3}}
    sent = runner.invoke(app, ["notify", "deliver"])
    assert sent.exit_code == 0
    assert json.loads(sent.stdout.strip().splitlines()[-1]) == {"claimed": 3, "sent": 3}
    after = runner.invoke(app, ["notify", "status", "--json"])
    assert json.loads(after.stdout) == {"sms": {"SENT": 3}}  # the demo provider
