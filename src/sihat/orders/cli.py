"""``sihat orders keys init|rotate|list``: the order signing keys, kept outside the database
(``SIHAT_ORDER_KEY_DIR``, default ``SIHAT_VAR_DIR/keys/orders``)."""

from __future__ import annotations

import json

import typer

orders_app = typer.Typer(help="Home surveillance and release orders.", no_args_is_help=True)
keys_app = typer.Typer(help="Order signing keys.", no_args_is_help=True)
orders_app.add_typer(keys_app, name="keys")


@keys_app.command("init")
def keys_init() -> None:
    """Create the first signing key (refused when the directory already holds one)."""
    from sihat.orders import keys
    from sihat.orders.settings import get_settings

    settings = get_settings()
    if keys.public_keys(settings):
        typer.echo(
            f"{settings.keys_path} already holds order keys; use `sihat orders keys rotate` / "
            "direktori ini sudah mempunyai kunci perintah",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(json.dumps({"kid": keys.create(settings), "key_dir": str(settings.keys_path)}))


@keys_app.command("rotate")
def keys_rotate() -> None:
    """A new active signing key; the old public keys stay published, so old orders verify."""
    from sihat.orders import keys
    from sihat.orders.settings import get_settings

    settings = get_settings()
    typer.echo(json.dumps({"kid": keys.create(settings), "key_dir": str(settings.keys_path)}))


@keys_app.command("list")
def keys_list() -> None:
    """The published public keys (kid and base64url raw key)."""
    from sihat.orders import document, keys

    found = {kid: document.public_key_text(k) for kid, k in keys.public_keys().items()}
    typer.echo(json.dumps(found))


def register(app: typer.Typer) -> None:
    app.add_typer(orders_app, name="orders")
