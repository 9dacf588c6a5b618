"""``sihat governance scan|access-review`` and ``sihat audit-log verify|checkpoint``."""

from __future__ import annotations

import json

import typer

governance_app = typer.Typer(help="Tadbir urus / Governance checks.", no_args_is_help=True)
auditlog_app = typer.Typer(
    help="Log audit kalis usik / Tamper-evident audit log.", no_args_is_help=True
)


@governance_app.command("scan")
def scan(as_json: bool = typer.Option(False, "--json")) -> None:
    """List changes to sensitive rows not made by the application; alert on new ones.
    Exit 0 when there are none, 1 when some were found."""
    from sihat.core.db import command_unit_of_work
    from sihat.governance.scan import scan as run_scan

    with command_unit_of_work() as session:
        result = run_scan(session)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "clean": result.clean,
                    "flagged": result.flagged,
                    "new_alerts": result.new_alerts,
                    "stray_markers": result.stray_markers,
                }
            )
        )
    else:
        typer.echo(
            f"{len(result.flagged)} change(s) made outside the application / "
            f"perubahan dibuat di luar aplikasi; new alerts / amaran baharu: "
            f"{result.new_alerts}"
        )
        for row in result.flagged:
            typer.echo(
                f"  {row['table']} {row['operation']} {row['row_id']} at "
                f"{row['changed_at']} by {row['db_user'] or '?'}: {row['reason']}"
            )
    raise typer.Exit(0 if result.clean else 1)


@governance_app.command("access-review")
def access_review(as_json: bool = typer.Option(False, "--json")) -> None:
    """Who has which role, over what, since when, granted by which request."""
    from sihat.core.db import command_unit_of_work
    from sihat.governance.review import access_review as review

    with command_unit_of_work() as session:
        rows = review(session)
    if as_json:
        typer.echo(json.dumps(rows))
        return
    for r in rows:
        typer.echo(
            f"{r['username']:<16}{r['role']:<20}{r['scope_type']}:{r['scope_code'] or '*'}"
            f"  since {r['since'][:10]}  by {r['granted_by']}"
        )


@auditlog_app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json")) -> None:
    """Check the hash chain and the signed checkpoints. Exit 1 names the first bad entry."""
    from sihat.core.db import command_unit_of_work
    from sihat.governance.auditlog import verify_database

    with command_unit_of_work() as session:
        report = verify_database(session)
    if as_json:
        typer.echo(json.dumps(report.as_json()))
    elif report.ok:
        typer.echo(
            f"audit log intact / log audit utuh: {report.entries} entries, "
            f"{report.checkpoints} checkpoints"
        )
    else:
        typer.echo(
            f"audit log TAMPERED / log audit DIUSIK: first bad entry seq="
            f"{report.first_bad_seq} id={report.first_bad_id}: {report.reason}"
        )
    raise typer.Exit(0 if report.ok else 1)


@auditlog_app.command("checkpoint")
def checkpoint() -> None:
    """Sign the chain's head (Ed25519) and write it outside the database."""
    from sihat.core.db import command_unit_of_work
    from sihat.governance.auditlog import write_checkpoint

    with command_unit_of_work() as session:
        made = write_checkpoint(session)
    typer.echo(json.dumps(made))


def register(app: typer.Typer) -> None:
    app.add_typer(governance_app, name="governance")
    app.add_typer(auditlog_app, name="audit-log")
