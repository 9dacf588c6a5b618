"""``sihat cases import FILE``: lab results from CSV, all-or-nothing per file.

Exit 0 when the file was imported (duplicates included), 1 when rows were refused (nothing
written; each error names file, row and column), 2 when the file cannot be read or lacks
required columns."""

from __future__ import annotations

import json
from pathlib import Path

import typer

cases_app = typer.Typer(help="The case register.", no_args_is_help=True)


@cases_app.command("import")
def import_file(
    file: Path = typer.Argument(..., exists=False),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import positive lab results from CSV (columns in docs/cases.md)."""
    from rich.progress import Progress

    from sihat.cases import imports
    from sihat.core.db import command_unit_of_work
    from sihat.core.errors import Problem

    def fail(body: dict[str, object]) -> None:
        typer.echo(json.dumps(body) if as_json else f"{file}: {body['message']}", err=not as_json)
        raise typer.Exit(2)

    if not file.is_file():
        fail({"file": str(file), "code": "file_not_found", "message": "file not found"})
    try:
        _header, rows = imports.read(file.read_bytes())
    except Problem as problem:
        fail(
            {
                "file": str(file),
                "code": problem.code,
                "column": problem.field,
                "message": problem.detail_en,
                "message_ms": problem.detail_ms,
            }
        )
    with (
        Progress(transient=True, disable=as_json) as progress,
        command_unit_of_work() as session,
    ):
        task = progress.add_task("cases", total=len(rows))
        report = imports.import_rows(
            session, None, str(file), rows, on_row=lambda: progress.advance(task)
        )
    summary = report.as_dict()
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        typer.echo(
            f"{file}: rows {report.rows}, created {summary['created']}, "
            f"duplicates {summary['duplicates']}, refused rows {len(report.errors)}"
            + ("" if report.ok else " (nothing written)")
        )
        for e in report.errors[:50]:
            typer.echo(
                f"  {e['file']}:{e['row']}: {e['column']}: {e['message']} / {e['message_ms']}"
            )
    raise typer.Exit(0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(cases_app, name="cases")
