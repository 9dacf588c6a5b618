"""``sihat staff bootstrap-admin`` (empty database only) and ``sihat staff totp`` (demo only)."""

from __future__ import annotations

import json

import typer

staff_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)


@staff_app.command("bootstrap-admin")
def bootstrap_admin(
    username: str = typer.Option(..., prompt=True),
    full_name: str = typer.Option(..., prompt=True),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
) -> None:
    """Create the first administrator. Refused once any staff account exists (exit 1)."""
    import pyotp

    from sihat.core.db import command_unit_of_work
    from sihat.core.errors import Problem
    from sihat.staff import service

    try:
        with command_unit_of_work() as session:
            staff, secret = service.bootstrap_admin(session, username, full_name, password)
    except Problem as problem:
        typer.echo(
            json.dumps(
                {
                    "code": problem.code,
                    "message": problem.detail_en,
                    "message_ms": problem.detail_ms,
                }
            ),
            err=True,
        )
        raise typer.Exit(1) from None
    uri = pyotp.TOTP(secret).provisioning_uri(name=staff.username, issuer_name="sihat")
    typer.echo(json.dumps({"username": staff.username, "totp_uri": uri}))


@staff_app.command("totp")
def totp(username: str) -> None:
    """Print a staff member's current authenticator code. Demo mode only."""
    import pyotp
    from sqlalchemy import select

    from sihat.core.db import command_unit_of_work
    from sihat.core.settings import get_settings
    from sihat.staff.models import StaffAccount

    if not get_settings().demo:
        typer.echo("refused: only in demo mode (SIHAT_DEMO=true)", err=True)
        raise typer.Exit(2)
    with command_unit_of_work() as session:
        staff = session.scalar(select(StaffAccount).where(StaffAccount.username == username))
        if staff is None:
            typer.echo("unknown staff username", err=True)
            raise typer.Exit(2)
        typer.echo(pyotp.TOTP(staff.totp_secret).now())


def register(app: typer.Typer) -> None:
    app.add_typer(staff_app, name="staff")
