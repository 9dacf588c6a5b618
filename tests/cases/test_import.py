"""``sihat cases import FILE`` and the import service: all-or-nothing per file, duplicates
counted, errors by file, row and column, exit 0 / 1 / 2, ``--json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from sihat.cases import imports
from sihat.cases.models import Case
from sihat.cli import _register, app
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from tests import factories
from tests.cases.conftest import person_of

_register()

HEADER = "specimen_id,id_type,id_number,source,sample_at,onset_at,category,state,district"


def line(person, specimen: str, **changes: str) -> str:
    values = {
        "specimen_id": specimen,
        "id_type": person.id_type,
        "id_number": person.id_number,
        "source": "LAB_RTPCR",
        "sample_at": "2026-11-18T10:00:00+08:00",
        "onset_at": "",
        "category": "2",
        "state": "Selangor",
        "district": "Petaling",
        **changes,
    }
    return ",".join(values[c] for c in HEADER.split(","))


def count(session) -> int:
    return int(session.scalar(select(func.count()).select_from(Case)) or 0)


def test_a_file_is_imported_whole_or_not_at_all(session, crew) -> None:
    a, b = (person_of(session, factories.sign_up(session)) for _ in range(2))
    officer = crew["health_petaling"].account
    good = [line(a, "S-1"), line(b, "S-2", source="SELF_TEST"), line(a, "S-1")]
    _h, rows = imports.read("\n".join([HEADER, *good]))
    report = imports.import_rows(session, officer, "good.csv", rows)
    assert (report.rows, report.created, report.duplicates, report.errors) == (3, 2, 1, [])
    assert count(session) == 2
    bad = [
        line(a, "S-3"),
        line(b, "S-4", sample_at="18/11/2026"),
        line(b, "S-5", category="7"),
        line(a, "S-2"),  # another person's specimen
    ]
    _h, rows = imports.read("\n".join([HEADER, *bad]))
    report = imports.import_rows(session, officer, "bad.csv", rows)
    assert [(e["file"], e["row"], e["column"], e["code"]) for e in report.errors] == [
        ("bad.csv", 3, "sample_at", "case_invalid_time"),
        ("bad.csv", 4, "category", "case_invalid_category"),
        ("bad.csv", 5, "specimen_id", "case_specimen_conflict"),
    ]
    assert report.errors[0]["message_ms"].startswith("Masa tidak sah")
    assert count(session) == 2  # S-3 was rolled back with the rest


def test_missing_columns_and_unreadable_files_are_refused() -> None:
    with pytest.raises(Problem) as caught:
        imports.read("specimen_id,id_type\nA,MYKAD\n")
    assert caught.value.code == "case_csv_columns" and "id_number" in caught.value.detail_en
    with pytest.raises(Problem) as caught:
        imports.read(b"\xff\xfe\x00bad")
    assert caught.value.code == "case_csv_unreadable"


@pytest.fixture
def cli_db(fresh_database, monkeypatch):
    monkeypatch.setenv(
        "SIHAT_DATABASE_URL", fresh_database.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    yield fresh_database
    get_settings.cache_clear()


def test_the_command_exits_0_1_2(cli_db, tmp_path: Path) -> None:
    with cli_db.unit_of_work() as s:
        a = person_of(s, factories.sign_up(s))
        good = tmp_path / "good.csv"
        good.write_text("\n".join([HEADER, line(a, "C-1"), line(a, "C-2")]) + "\n")
        bad = tmp_path / "bad.csv"
        bad.write_text("\n".join([HEADER, line(a, "C-3"), line(a, "C-4", state="Atlantis")]))
    (tmp_path / "cols.csv").write_text("specimen_id\nX\n")
    runner = CliRunner()
    first = runner.invoke(app, ["cases", "import", str(good), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) | {"errors": []} == {
        "file": str(good),
        "rows": 2,
        "created": 2,
        "duplicates": 0,
        "written": True,
        "error_count": 0,
        "errors": [],
    }
    again = runner.invoke(app, ["cases", "import", str(good), "--json"])
    assert again.exit_code == 0 and json.loads(again.stdout)["duplicates"] == 2
    refused = runner.invoke(app, ["cases", "import", str(bad), "--json"])
    assert refused.exit_code == 1
    out = json.loads(refused.stdout)
    assert out["written"] is False and out["errors"][0]["row"] == 3
    assert out["errors"][0]["column"] == "district"
    human = runner.invoke(app, ["cases", "import", str(bad)])
    assert human.exit_code == 1 and f"{bad}:3: district:" in human.stdout
    columns = runner.invoke(app, ["cases", "import", str(tmp_path / "cols.csv"), "--json"])
    assert columns.exit_code == 2 and json.loads(columns.stdout)["code"] == "case_csv_columns"
    missing = runner.invoke(app, ["cases", "import", str(tmp_path / "none.csv"), "--json"])
    assert missing.exit_code == 2
    with cli_db.unit_of_work() as s:
        assert count(s) == 2
        assert {c.channel for c in s.scalars(select(Case))} == {"CSV"}
