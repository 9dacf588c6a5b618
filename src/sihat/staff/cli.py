"""``sihat staff bootstrap-admin`` (empty database only) and ``sihat staff totp`` (demo only)."""

from __future__ import annotations

import json

import typer

staff_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)


@staff_app.command("bootstrap-admin")
def bootstrap_admin(
    username: list[str] = typer.Option(..., help="repeat for each founding administrator"),
    full_name: list[str] = typer.Option(..., help="one per --username"),
    password: list[str] = typer.Option(..., help="one per --username (12+ characters)"),
) -> None:
    """Create the founding administrators (three let high-risk changes be approved) on an
    empty database. Refused once any staff account exists (exit 1)."""
    import pyotp

    from sihat.core.db import command_unit_of_work
    from sihat.core.errors import Problem
    from sihat.staff import service

    if not (len(username) == len(full_name) == len(password)):
        typer.echo("give one --full-name and one --password per --username", err=True)
        raise typer.Exit(2)
    try:
        with command_unit_of_work() as session:
            made = service.bootstrap_founders(
                session, list(zip(username, full_name, password, strict=True))
            )
            out = [
                {
                    "username": s.username,
                    "totp_uri": pyotp.TOTP(secret).provisioning_uri(
                        name=s.username, issuer_name="sihat"
                    ),
                }
                for s, secret in made
            ]
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
    typer.echo(json.dumps(out))


@staff_app.command("totp")
def totp(username: str) -> None:
    """Print a staff member's current authenticator code. Demo mode only."""
    import pyotp
    from sqlalchemy import select

    from sihat.core import clock
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
        typer.echo(pyotp.TOTP(staff.totp_secret).at(clock.now()))  # the clock login checks


def register(app: typer.Typer) -> None:
    app.add_typer(staff_app, name="staff")
