"""``sihat trace tempid encode|decode`` (``tracing.md`` §2, for operators and interoperability
tests), ``sihat trace keys init|rotate|list`` (the TempID keys, kept outside the database in
``SIHAT_TRACE_KEY_DIR``, default ``SIHAT_VAR_DIR/keys/trace``), ``sihat trace reprocess``;
``sihat simulate trace``."""

from __future__ import annotations

import json

import typer

trace_app = typer.Typer(help="MySJ Trace (Bluetooth tracing).", no_args_is_help=True)
tempid_app = typer.Typer(help="Encode and decode TempIDs.", no_args_is_help=True)
keys_app = typer.Typer(help="TempID keys.", no_args_is_help=True)
trace_app.add_typer(tempid_app, name="tempid")
trace_app.add_typer(keys_app, name="keys")


def _hex(value: str, size: int, name: str) -> bytes:
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        raw = b""
    if len(raw) != size:
        typer.echo(f"--{name} must be {size} bytes in hex / mesti {size} bait dalam hex", err=True)
        raise typer.Exit(2)
    return raw


@tempid_app.command("decode")
def decode_command(
    tempid: str = typer.Argument(..., help="the 84-character TempID"),
    key_hex: str = typer.Option(..., "--key-hex", help="the 32-byte key in hex"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Decrypt a TempID: exit 0 with uid/start/expiry; 1 with a reason when it cannot be read."""
    from sihat.bluetrace import tempid as codec

    key = _hex(key_hex, 32, "key-hex")
    try:
        found = codec.decode(key, tempid)
    except codec.TempIdError as exc:
        typer.echo(json.dumps({"reason": exc.reason}) if as_json else exc.reason)
        raise typer.Exit(1) from exc
    out = found.as_json()
    typer.echo(json.dumps(out) if as_json else f"{found.uid} {found.start} {found.expiry}")


@tempid_app.command("encode")
def encode_command(
    uid: str = typer.Option(..., "--uid", help="the 28-character base64 UID"),
    start: int = typer.Option(..., "--start", min=0, max=2**32 - 1),
    expiry: int = typer.Option(..., "--expiry", min=0, max=2**32 - 1),
    key_hex: str = typer.Option(..., "--key-hex"),
    iv_hex: str = typer.Option(..., "--iv-hex"),
) -> None:
    """Encrypt one TempID with the given key and IV (interoperability tests)."""
    from sihat.bluetrace import tempid as codec

    key, iv = _hex(key_hex, 32, "key-hex"), _hex(iv_hex, 16, "iv-hex")
    try:
        typer.echo(codec.encode(key, uid, start, expiry, iv))
    except codec.TempIdError as exc:
        typer.echo(f"--uid: {exc.reason}", err=True)
        raise typer.Exit(2) from exc


@keys_app.command("init")
def keys_init() -> None:
    """Create the first TempID key (refused when the directory already holds one)."""
    from sihat.bluetrace import keys
    from sihat.bluetrace.settings import get_settings

    settings = get_settings()
    if keys.listing(settings):
        typer.echo(
            f"{settings.keys_path} already holds TempID keys; use `sihat trace keys rotate` / "
            "direktori ini sudah mempunyai kunci TempID",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(json.dumps({"kid": keys.create(settings), "key_dir": str(settings.keys_path)}))


@keys_app.command("rotate")
def keys_rotate() -> None:
    """A new active key; older keys still decrypt uploads for their retention window."""
    from sihat.bluetrace import keys
    from sihat.bluetrace.settings import get_settings

    settings = get_settings()
    typer.echo(json.dumps({"kid": keys.create(settings), "key_dir": str(settings.keys_path)}))


@keys_app.command("list")
def keys_list() -> None:
    """Every key's kid, creation, retirement and whether it is active (never the key)."""
    from sihat.bluetrace import keys

    typer.echo(json.dumps(keys.listing()))


@trace_app.command("users")
def users_command(as_json: bool = typer.Option(False, "--json")) -> None:
    """MySJ Trace users: devices that fetched TempIDs in the last 14 days (not revoked), and
    accounts that ever enabled tracing (the live audit's ``trace_users_cumulative``)."""
    from sihat.bluetrace import devices
    from sihat.core.db import command_unit_of_work

    with command_unit_of_work() as session:
        out = {
            "active_devices_14_days": devices.active_users(session),
            "accounts_ever": len(devices.first_enabled_days(session)),
        }
    typer.echo(json.dumps(out) if as_json else " ".join(f"{k}={v}" for k, v in out.items()))


@trace_app.command("reprocess")
def reprocess_command(
    upload_id: str = typer.Argument(..., help="an upload still in its 21-day archive"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Process an archived upload again (e.g. after restoring a key); creates nothing twice.
    Exit 0 done; 2 when the upload is unknown or its archive was purged."""
    from sihat.bluetrace import uploads
    from sihat.core.db import command_unit_of_work
    from sihat.core.errors import Problem

    try:
        with command_unit_of_work() as session:
            done = uploads.reprocess(session, upload_id)
            out = {
                "upload_id": done.id,
                "valid": done.valid,
                "failed_decryption": done.failed_decryption,
                "contacts": done.contacts,
            }
    except Problem as exc:
        typer.echo(json.dumps({"error": exc.code}) if as_json else exc.code, err=not as_json)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(out) if as_json else " ".join(f"{k}={v}" for k, v in out.items()))


def simulate_command(
    people: int = typer.Option(300, min=10, help="simulated phone owners"),
    premises: int = typer.Option(12, min=1, help="places they move between"),
    cases: int = typer.Option(5, min=1, help="how many of them test positive and upload"),
    seed: int = typer.Option(13),
    url: str = typer.Option("http://127.0.0.1:8000", help="the running server"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Phones exchange TempIDs while co-located, a few cases upload through the API; prints
    the true and false close contacts the server found against the simulator's ground truth."""
    from sihat.bluetrace import simulate

    report = simulate.run_command(people, premises, cases, seed, url)
    typer.echo(json.dumps(report.as_json()) if as_json else report.text())


def register(app: typer.Typer, simulate_app: typer.Typer) -> None:
    app.add_typer(trace_app, name="trace")
    simulate_app.command("trace")(simulate_command)
