"""``sihat exports trace FILE`` (which export a leaked file came from) and
``sihat exports alerts [--json]``."""

from __future__ import annotations

import json
from pathlib import Path

import typer

exports_app = typer.Typer(help="Controlled exports of personal data.", no_args_is_help=True)


@exports_app.command("trace")
def trace(path: Path = typer.Argument(..., exists=True, dir_okay=False)) -> None:
    """Name the export (and who asked, who approved) whose marker row is in FILE.
    Exit 1 when the file carries no known marker."""
    from sihat.core.db import command_unit_of_work
    from sihat.exports import files

    with command_unit_of_work() as session:
        found = [
            {
                "export_id": e.id,
                "requested_by": e.requested_by,
                "approved_by": e.decided_by,
                "requested_at": e.requested_at.isoformat(),
                "dataset": e.dataset,
                "purpose": e.purpose,
            }
            for e in files.trace(session, path.read_text(encoding="utf-8", errors="replace"))
        ]
    typer.echo(json.dumps(found, indent=2))
    if not found:
        raise typer.Exit(1)


@exports_app.command("alerts")
def alerts(as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """The most recent export alerts."""
    from sihat.core.db import command_unit_of_work
    from sihat.exports import alerts as export_alerts

    with command_unit_of_work() as session:
        rows = [
            {
                "raised_at": a.raised_at.isoformat(),
                "kind": a.kind,
                "severity": a.severity,
                "subject": a.subject,
                "export_id": a.export_id,
                "details": a.details,
            }
            for a in export_alerts.recent(session)
        ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for r in rows:
        typer.echo(f"{r['raised_at']}  {r['severity']:<6} {r['kind']:<20} {r['subject']}")


def register(app: typer.Typer) -> None:
    app.add_typer(exports_app, name="exports")
