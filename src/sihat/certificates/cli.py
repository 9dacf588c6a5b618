"""``sihat certificate ...``: keys, trust list, verification.

Exit status: 0 valid / done, 1 checked and found invalid, 2 bad input (unreadable file,
unparseable time, no keys). Heavy imports happen inside commands so ``sihat --help`` is fast.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

VALID, INVALID, BAD_INPUT = 0, 1, 2

certificate_app = typer.Typer(
    help="Sijil vaksinasi digital (EU DCC) / Digital vaccination certificates (EU DCC).",
    no_args_is_help=True,
)
keys_app = typer.Typer(
    help="Kunci CSCA dan penandatangan dokumen / CSCA and document-signer keys.",
    no_args_is_help=True,
)
certificate_app.add_typer(keys_app, name="keys")


def register(app: typer.Typer) -> None:
    """Adds the ``certificate`` command group to the root ``sihat`` app."""
    app.add_typer(certificate_app, name="certificate")


def _bad_input(message_en: str, message_ms: str) -> typer.Exit:
    typer.echo(f"{message_ms} / {message_en}", err=True)
    return typer.Exit(BAD_INPUT)


def _store() -> Any:
    from pydantic import ValidationError

    from sihat.certificates.keys import KeyStore
    from sihat.certificates.settings import CertificateSettings

    try:
        return KeyStore(CertificateSettings())
    except ValidationError as exc:
        raise _bad_input(f"invalid settings: {exc}", "tetapan tidak sah") from exc


@keys_app.command("init")
def keys_init() -> None:
    """Cipta CSCA dan penandatangan pertama / Create the CSCA and the first document signer."""
    from sihat.certificates.keys import KeyStoreError

    store = _store()
    try:
        kid = store.init()
    except KeyStoreError as exc:
        raise _bad_input(str(exc), "direktori kunci sudah ada kunci") from exc
    typer.echo(f"CSCA + DSC kid={kid} in {store.root}")


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Penandatangan baharu; yang lama kekal dipercayai / New signer; old ones stay trusted."""
    from sihat.certificates.keys import KeyStoreError

    store = _store()
    try:
        kid = store.rotate()
    except KeyStoreError as exc:
        raise _bad_input(str(exc), "tiada kunci atau frasa laluan salah") from exc
    typer.echo(f"active DSC kid={kid}; retired signers stay in the trust list until expiry")


@keys_app.command("trust-list")
def keys_trust_list(
    out: Annotated[Path | None, typer.Option("--out", help="write to FILE, not stdout")] = None,
) -> None:
    """Senarai amanah (JSON) / The public trust list of document signers (JSON)."""
    from sihat.certificates.keys import KeyStoreError

    store = _store()
    try:
        document = store.trust_list().as_json(store.settings.country)
    except KeyStoreError as exc:
        raise _bad_input(str(exc), "tiada kunci") from exc
    text = json.dumps(document, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(document['certificates'])} signer(s) -> {out}")


def _parse_time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@certificate_app.command("verify")
def verify_command(
    qr_image: Annotated[
        Path | None, typer.Option("--qr-image", help="PNG/JPEG with the QR")
    ] = None,
    code: Annotated[str | None, typer.Option("--code", help="the 'HC1:...' text")] = None,
    trust_list: Annotated[Path | None, typer.Option("--trust-list")] = None,
    revocation_list: Annotated[Path | None, typer.Option("--revocation-list")] = None,
    at: Annotated[str | None, typer.Option("--at", help="ISO 8601 time (default: now)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the JSON report")] = False,
) -> None:
    """Sahkan sijil di luar talian / Verify a certificate offline."""
    from sihat.certificates.codec import DecodeError
    from sihat.certificates.keys import KeyStoreError
    from sihat.certificates.qr import read_qr
    from sihat.certificates.trustlist import RevocationList, TrustList
    from sihat.certificates.verify import verify

    if (qr_image is None) == (code is None):
        raise _bad_input("give exactly one of --qr-image or --code", "beri satu sahaja")
    try:
        moment = _parse_time(at) if at else None
        text = code if code is not None else read_qr(Path(qr_image or "").read_bytes())
        trust = TrustList.load(trust_list) if trust_list else _store().trust_list()
        revocations = RevocationList.load(revocation_list) if revocation_list else None
    except (OSError, ValueError, KeyError, TypeError, DecodeError, KeyStoreError) as exc:
        raise _bad_input(f"cannot read input: {exc}", "input tidak boleh dibaca") from exc
    result = verify(text, trust, revocations, moment)
    report = result.as_json()
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        _print_summary(report)
    raise typer.Exit(VALID if result.valid else INVALID)


def _print_summary(report: dict[str, Any]) -> None:
    verdict = "SAH / VALID" if report["valid"] else "TIDAK SAH / INVALID"
    typer.echo(verdict)
    for name, check in report["checks"].items():
        mark = {True: "ok", False: "FAIL", None: "-"}[check["ok"]]
        reason = f"  {check['ms']} / {check['en']}" if check.get("code") else ""
        typer.echo(f"  {name:<12} {mark:<4}{reason}")
    payload = report.get("payload") or {}
    entry = (payload.get("hcert") or {}).get("v", [{}])[0]
    if entry:
        name = (payload["hcert"].get("nam") or {}).copy()
        typer.echo(
            f"  {name.get('gnt', '')} {name.get('fnt', '')}  dose {entry.get('dn')}"
            f"/{entry.get('sd')}  {entry.get('dt')}  ci {entry.get('ci')}"
        )
