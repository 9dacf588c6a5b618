"""``sihat audit extract``: the live database written as an extract, for ``sihat audit run``."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def extract(
    out: Path = typer.Option(..., "--out", help="Folder to write the extract's CSV files into."),
    as_json: bool = typer.Option(False, "--json", help="Print rows per file as JSON."),
) -> None:
    """Tulis pangkalan data sihat sebagai ekstrak / Write sihat's database as an extract."""
    from rich.progress import Progress

    from sihat.audit_live.extract import write_extract
    from sihat.core.db import command_unit_of_work

    with Progress(transient=True, disable=as_json) as bar, command_unit_of_work() as session:
        tasks: dict[str, object] = {}

        def advance(name: str, done: int, total: int) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=max(total, done))  # type: ignore[arg-type]

        written = write_extract(session, out, progress=advance)
    if as_json:
        typer.echo(json.dumps({"out": str(out), "rows": written}))
    else:
        for name, n in written.items():
            typer.echo(f"{name:<22}{n:>12,}")


def register(audit_app: typer.Typer) -> None:
    """Add ``sihat audit extract`` to the audit engine's command group."""
    audit_app.command("extract")(extract)
