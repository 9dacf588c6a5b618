"""Bad input stops the run with exit status 2, naming file, row and column, and writes nothing;
good input through the command; the output is moved in whole; the policy file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sihat.tracing import cli, files
from sihat.tracing.errors import BadInput
from sihat.tracing.policy import load
from tests.tracing.conftest import CASES, VISITS, read_output, write_csv, write_folder

GOOD_VISITS = [
    {"visit_id": 1, "individual": "A", "premise_id": "P", "checked_in_at": "2021-08-01T10:00"},
    {"visit_id": 2, "individual": "B", "premise_id": "P", "checked_in_at": "2021-08-01T10:10"},
]
GOOD_CASES = [{"case_id": "K1", "individual": "A", "sample_at": "2021-08-02T09:00:00"}]


def command(*args: str) -> tuple[int, str, str]:
    app = typer.Typer()
    cli.register(app)

    @app.callback()
    def _root() -> None:
        """The root command, as in sihat.cli."""

    result = CliRunner().invoke(app, ["tracing", "casual-contacts", *args])
    return result.exit_code, result.stdout, result.stderr


def test_good_input_exit_0_with_the_summary(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    code, out, _ = command(str(folder), "--out", str(tmp_path / "out"), "--json")
    assert code == 0
    summary = json.loads(out)
    assert summary["casual_contacts"] == 1 and summary["policy_version"] == load().version
    rows, written = read_output(tmp_path / "out")
    assert written == summary
    assert rows[0]["contact_individual"] == "B" and rows[0]["overlap_minutes"] == "60"


def test_no_contacts_is_success_with_a_header_only_file(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS[:1], [])
    code, _, _ = command(str(folder), "--out", str(tmp_path / "out"))
    assert code == 0
    text = (tmp_path / "out" / "exposures.csv").read_text(encoding="utf-8")
    assert text.strip() == (
        "case_id,contact_individual,premise_id,case_visit_id,contact_visit_id,"
        "overlap_minutes,exposed_on"
    )


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write_csv(folder / "visits.csv", VISITS[:4], GOOD_VISITS)
    write_csv(folder / "cases.csv", CASES[:3], GOOD_CASES)
    assert files.run(folder, tmp_path / "out")["exposures"] == 1


BAD = [
    # (file, header, rows, row, column, words in the problem)
    ("visits.csv", VISITS[:2] + VISITS[3:], GOOD_VISITS, 1, "premise_id", "column missing"),
    ("cases.csv", ["case_id", "individual"], [], 1, "sample_at", "column missing"),
    (
        "visits.csv",
        VISITS,
        [*GOOD_VISITS, {**GOOD_VISITS[0], "visit_id": 3, "checked_in_at": "1/8/2021 10:00"}],
        4,
        "checked_in_at",
        "not a timestamp",
    ),
    (
        "visits.csv",
        VISITS,
        [GOOD_VISITS[0], {**GOOD_VISITS[1], "checked_out_at": "2021-08-01T25:00:00"}],
        3,
        "checked_out_at",
        "not a timestamp",
    ),
    (
        "visits.csv",
        VISITS,
        [GOOD_VISITS[0], {**GOOD_VISITS[1], "individual": " "}],
        3,
        "individual",
        "value missing",
    ),
    ("visits.csv", VISITS, [*GOOD_VISITS, GOOD_VISITS[0]], 4, "visit_id", "repeats"),
    ("cases.csv", CASES, [*GOOD_CASES, *GOOD_CASES], 3, "case_id", "repeats"),
    (
        "cases.csv",
        CASES,
        [{**GOOD_CASES[0], "onset_at": "yesterday"}],
        2,
        "onset_at",
        "not a timestamp",
    ),
]


@pytest.mark.parametrize(("file", "header", "rows", "row", "column", "words"), BAD)
def test_bad_input_exit_2_names_file_row_column_and_writes_nothing(
    tmp_path: Path,
    file: str,
    header: list[str],
    rows: list[dict[str, object]],
    row: int,
    column: str,
    words: str,
) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    write_csv(folder / file, header, rows)
    out = tmp_path / "out"
    code, stdout, stderr = command(str(folder), "--out", str(out), "--json")
    assert code == 2
    error = json.loads(stdout)
    assert error["error"] == "bad_input"
    assert (error["file"], error["row"], error["column"]) == (file, row, column)
    assert words in error["problem"]
    assert f"{file}, row {row}, column {column}" in stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "in"]  # no temporary folder left


def test_a_missing_file_is_bad_input(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    (folder / "cases.csv").unlink()
    code, _, stderr = command(str(folder), "--out", str(tmp_path / "out"))
    assert code == 2 and "cases.csv: file missing" in stderr
    assert not (tmp_path / "out").exists()


def test_output_is_moved_in_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    out = tmp_path / "out"
    files.run(folder, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(*args: object, **kwargs: object) -> str:
        raise OSError("disk full")

    write_csv(folder / "cases.csv", CASES, [])  # a different answer, never written
    monkeypatch.setattr(files.json, "dumps", fail)
    with pytest.raises(OSError, match="disk full"):
        files.run(folder, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
    monkeypatch.undo()
    files.run(folder, out)  # into an existing folder: each file replaced
    rows, summary = read_output(out)
    assert rows == [] and summary["cases"] == 0


def test_a_policy_file_overrides_the_defaults(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    policy = tmp_path / "strict.toml"
    policy.write_text('version = "test-2"\nlinger_minutes = 0\nmin_overlap_minutes = 1\n')
    code, _, _ = command(str(folder), "--out", str(tmp_path / "out"), "--policy", str(policy))
    assert code == 0
    rows, summary = read_output(tmp_path / "out")
    assert summary["policy_version"] == "test-2"
    assert rows[0]["overlap_minutes"] == "50"  # [10:10, 11:00): no linger (60 with it)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("linger_minutes = 5\n", "version"),
        ('version = "x"\nlinger_minutes = -1\n', "linger_minutes"),
        ('version = "x"\nlinger = 5\n', "linger"),
    ],
)
def test_a_bad_policy_is_bad_input(tmp_path: Path, text: str, column: str) -> None:
    policy = tmp_path / "bad.toml"
    policy.write_text(text)
    with pytest.raises(BadInput) as raised:
        load(policy)
    assert raised.value.column == column
    folder = write_folder(tmp_path / "in", GOOD_VISITS, GOOD_CASES)
    code, _, _ = command(str(folder), "--out", str(tmp_path / "out"), "--policy", str(policy))
    assert code == 2 and not (tmp_path / "out").exists()


def test_the_shipped_policy_holds_the_contract_defaults() -> None:
    policy = load()
    assert policy.parameters() == {
        "infectious_days_before": 2,
        "default_isolation_hours": 24,
        "default_visit_minutes": 60,
        "linger_minutes": 30,
        "min_overlap_minutes": 1,
    }
    assert policy.version


def test_row_numbers_hold_in_a_large_file(tmp_path: Path) -> None:
    visits = [
        {"visit_id": i, "individual": f"p{i % 97}", "premise_id": f"L{i % 13}",
         "checked_in_at": f"2021-08-01T{i % 24:02d}:{i % 60:02d}:00"}
        for i in range(60_000)
    ]  # fmt: skip
    for i in range(0, 60_000, 7):  # optional check-outs, some empty: read beside the text
        visits[i]["checked_out_at"] = "" if i % 2 else f"2021-08-01T{i % 24:02d}:59:00Z"
    visits[43_211]["checked_out_at"] = "2021-08-01T10:00:00 +0800 MYT"
    folder = write_folder(tmp_path / "in", visits, GOOD_CASES)
    with pytest.raises(BadInput) as raised:
        files.run(folder, tmp_path / "out", threads=2)
    assert (raised.value.row, raised.value.column) == (43_213, "checked_out_at")
    assert "+0800 MYT" in raised.value.problem
    visits[43_211]["checked_out_at"] = None
    visits[50_000]["visit_id"] = 7
    write_folder(folder, visits, GOOD_CASES)
    with pytest.raises(BadInput) as raised:
        files.run(folder, tmp_path / "out", threads=2)
    assert (raised.value.row, raised.value.column) == (50_002, "visit_id")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("line", "words"),
    [
        (b"2,B\xff,P,2021-08-01T10:00:00\n", "utf-8"),
        (b"2,B,P,2021-08-01T10:00:00,extra\n", "Expected Number of Columns: 4 Found: 5"),
        (b"2,B,P\n", "Found: 3"),
        (b'2,"B,P,2021-08-01T10:00:00\n', "unterminated quote"),
    ],
)
def test_a_file_that_is_not_csv_names_its_row(tmp_path: Path, line: bytes, words: str) -> None:
    folder = write_folder(tmp_path / "in", [], GOOD_CASES)
    head = b"visit_id,individual,premise_id,checked_in_at\n1,A,P,2021-08-01T10:00:00\n"
    (folder / "visits.csv").write_bytes(head + line)
    code, stdout, _ = command(str(folder), "--out", str(tmp_path / "out"), "--json")
    assert code == 2
    error = json.loads(stdout)
    assert (error["file"], error["row"]) == ("visits.csv", 3)
    assert words in error["problem"]
    assert not (tmp_path / "out").exists()
