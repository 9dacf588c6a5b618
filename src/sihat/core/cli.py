"""``sihat db ...`` (``sihat serve`` and ``sihat jobs`` are the composition root's, in
``sihat/cli.py``)."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="Database schema (Alembic).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("heads")) -> None:
    """Create or upgrade the database schema (SIHAT_DATABASE_URL)."""
    from sihat.core import migrate

    migrate.upgrade(revision=revision)
    typer.echo("database upgraded")


@db_app.command("revision")
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from sihat.core import migrate

    migrate.revision(message)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
