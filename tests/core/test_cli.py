"""The ``sihat`` command: JSON output and exit codes (0 ok, 1 found wrong, 2 bad input)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from sihat.cli import _register, app
from sihat.core.settings import get_settings
from sihat.identity.models import RegisterEntry

_register()
runner = CliRunner()


@pytest.fixture
def cli_db(fresh_database, monkeypatch):
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SIHAT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield fresh_database
    get_settings.cache_clear()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_identity_check_exit_codes() -> None:
    ok = run("identity", "check", "MYKAD", "900101-14-5677")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout) == {
        "valid": True,
        "id_type": "MYKAD",
        "normalised": "900101145677",
        "date_of_birth": "1990-01-01",
        "sex": "M",
        "place_of_birth": "W.P. Kuala Lumpur",
    }
    bad = run("identity", "check", "MYKAD", "900101-00-5677")
    assert bad.exit_code == 1 and json.loads(bad.stdout)["code"] == "invalid_nric"


def test_population_then_register_import_with_row_errors(cli_db, tmp_path: Path) -> None:
    made = run("simulate", "population", "--size", "40", "--seed", "3", "--out", str(tmp_path))
    assert made.exit_code == 0, made.output
    register = tmp_path / "register.csv"
    with register.open() as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 40 and len({r["id_number"] for r in rows}) == 40
    ok = run("identity", "import-register", str(register), "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["imported"] == 40
    rows[3]["id_number"] = "901301145677"
    rows[7]["sex"] = "X"
    broken = tmp_path / "broken.csv"
    with broken.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = run("identity", "import-register", str(broken), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(e["row"], e["code"]) for e in report["errors"]] == [
        (5, "invalid_nric"),
        (9, "invalid_input"),
    ]
    assert report["updated"] == 38
    with cli_db.unit_of_work() as s:
        assert s.scalar(select(func.count()).select_from(RegisterEntry)) == 40
    missing = tmp_path / "missing.csv"
    missing.write_text("id_type,id_number\nMYKAD,900101145677\n")
    assert run("identity", "import-register", str(missing)).exit_code == 2
    assert run("identity", "import-register", str(tmp_path / "nope.csv")).exit_code == 2


def test_bootstrap_admin_only_on_empty_database(cli_db) -> None:
    args = (
        "staff",
        "bootstrap-admin",
        "--username",
        "root",
        "--full-name",
        "Root",
        "--password",
        "a long enough password",
        "--username",
        "two",
        "--full-name",
        "Two",
        "--password",
        "another long password",
    )
    first = run(*args)
    assert first.exit_code == 0, first.output
    assert [f["username"] for f in json.loads(first.stdout)] == ["root", "two"]
    assert all(f["totp_uri"].startswith("otpauth://") for f in json.loads(first.stdout))
    second = run(*args)
    assert second.exit_code == 1


def test_demo_seed_and_vaxreg_report(cli_db, tmp_path: Path) -> None:
    seeded = run("demo", "seed", "--size", "25", "--json")
    assert seeded.exit_code == 0, seeded.output
    assert json.loads(seeded.stdout)["seeded"] is True
    assert json.loads(run("demo", "seed", "--json").stdout)["seeded"] is False
    report = run("report", "vaxreg", "--out", str(tmp_path))
    assert report.exit_code == 0
    with (tmp_path / "vaxreg_malaysia.csv").open() as handle:
        last = list(csv.DictReader(handle))[-1]
    assert int(last["total"]) == json.loads(seeded.stdout)["registrations"]
    assert run("report", "vaxreg", "--out", str(tmp_path), "--until", "soon").exit_code == 2


def test_trace_report_command(cli_db, tmp_path: Path) -> None:
    done = run("report", "trace", "--out", str(tmp_path))
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout) == {"files": [str(tmp_path / "trace_malaysia.csv")]}
    assert (tmp_path / "trace_malaysia.csv").read_text().startswith("date,casual_contacts,")
    assert run("report", "trace", "--out", str(tmp_path), "--until", "soon").exit_code == 2
