"""``sihat identity check`` and ``sihat identity import-register``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from sihat.core import clock, csvsafe
from sihat.core.errors import Problem

identity_app = typer.Typer(
    help="Identity documents and the reference register.", no_args_is_help=True
)


@identity_app.command("check")
def check(
    id_type: str = typer.Argument(..., metavar="TYPE"),
    number: str = typer.Argument(..., metavar="NUMBER"),
    country: str = typer.Option(None, help="issuing country, for passports"),
) -> None:
    """Validate an identity number; prints JSON; exit 0 valid, 1 invalid."""
    from sihat.identity import documents

    try:
        checked = documents.check(id_type, number, today=clock.today_my(), issuing_country=country)
    except Problem as problem:
        typer.echo(
            json.dumps(
                {
                    "valid": False,
                    "code": problem.code,
                    "message": problem.detail_en,
                    "message_ms": problem.detail_ms,
                }
            )
        )
        raise typer.Exit(1) from None
    typer.echo(
        json.dumps(
            {
                "valid": True,
                "id_type": checked.id_type,
                "normalised": checked.normalised,
                "date_of_birth": checked.date_of_birth.isoformat()
                if checked.date_of_birth
                else None,
                "sex": checked.sex,
                "place_of_birth": checked.birth_state,
            }
        )
    )


@identity_app.command("import-register")
def import_register(
    file: Path = typer.Argument(..., exists=False),
    errors_out: Path = typer.Option(None, "--errors", help="write the error report as CSV"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Import the national reference register from CSV (id_type,id_number,full_name,
    date_of_birth,sex). Exit 0 all rows imported, 1 some rows refused, 2 unreadable file."""

    from rich.progress import Progress

    from sihat.core.db import command_unit_of_work
    from sihat.identity import register_import

    if not file.is_file():
        typer.echo(json.dumps({"error": "file_not_found", "file": str(file)}), err=True)
        raise typer.Exit(2)
    with file.open(encoding="utf-8") as handle:
        total = max(0, sum(1 for _ in handle) - 1)
    try:
        with (
            register_import.read_csv(file) as rows,
            Progress(transient=True, disable=as_json) as progress,
            command_unit_of_work() as s,
        ):
            task = progress.add_task("register", total=total)
            report = register_import.import_rows(s, rows, on_row=lambda: progress.advance(task))
    except Problem as problem:
        typer.echo(json.dumps({"error": problem.code, "missing_columns": problem.field}), err=True)
        raise typer.Exit(2) from None
    if errors_out and report.errors:
        with errors_out.open("w", newline="") as out:
            writer = csvsafe.DictWriter(out, fieldnames=list(report.errors[0]))
            writer.writeheader()
            writer.writerows(report.errors)
    summary = {
        "rows": report.rows,
        "imported": report.imported,
        "updated": report.updated,
        "errors": report.errors[:100],
        "error_count": len(report.errors),
    }
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        typer.echo(
            f"rows {report.rows}, imported {report.imported}, updated {report.updated}, "
            f"refused {len(report.errors)}"
        )
        for e in report.errors[:20]:
            typer.echo(f"  row {e['row']}: {e['field']}: {e['message']} / {e['message_ms']}")
    raise typer.Exit(1 if report.errors else 0)


def register(app: typer.Typer) -> None:
    app.add_typer(identity_app, name="identity")
