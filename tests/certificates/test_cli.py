"""``sihat certificate ...`` through Typer's runner, on a Typer app built by ``register``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sihat.certificates import cli, service
from sihat.certificates.keys import KeyStore
from sihat.certificates.qr import qr_png
from sihat.certificates.schemas import DoseDescription
from sihat.certificates.settings import CertificateSettings
from sihat.certificates.trustlist import RevocationList

from .conftest import PASSPHRASE

Dose = Callable[..., DoseDescription]


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    monkeypatch.setenv("SIHAT_CERT_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("SIHAT_CERT_KEY_PASSPHRASE", PASSPHRASE)
    root = typer.Typer()
    cli.register(root)
    return root


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["certificate", *args])
    return result.exit_code, result.stdout


def _issue(make_dose: Dose) -> service.IssuedCertificate:
    return service.issue_for_dose(make_dose(), settings=CertificateSettings())


def test_keys_init_rotate_and_trust_list(app: typer.Typer, tmp_path: Path) -> None:
    code, out = run(app, "keys", "init")
    assert code == 0 and "kid=" in out
    assert run(app, "keys", "init")[0] == 2  # already initialised
    code, out = run(app, "keys", "rotate")
    assert code == 0
    target = tmp_path / "trust.json"
    code, out = run(app, "keys", "trust-list", "--out", str(target))
    assert code == 0 and "2 signer(s)" in out
    document = json.loads(target.read_text())
    assert len(document["certificates"]) == 2
    code, out = run(app, "keys", "trust-list")
    assert code == 0 and json.loads(out)["certificates"] == document["certificates"]


def test_verify_a_valid_code_prints_the_json_report(app: typer.Typer, make_dose: Dose) -> None:
    run(app, "keys", "init")
    issued = _issue(make_dose)
    code, out = run(app, "verify", "--code", issued.code, "--json")
    report = json.loads(out)
    assert code == 0 and report["valid"] is True
    assert set(report["checks"]) == {
        "prefix", "base45", "compression", "cose", "signature",
        "key_usage", "expiry", "schema", "revocation",
    }  # fmt: skip
    assert report["payload"]["hcert"]["v"][0]["ci"] == issued.ci
    code, out = run(app, "verify", "--code", issued.code)
    assert code == 0 and "SAH / VALID" in out


def test_verify_a_qr_image_against_a_published_trust_list(
    app: typer.Typer, make_dose: Dose, tmp_path: Path
) -> None:
    run(app, "keys", "init")
    issued = _issue(make_dose)
    image, trust = tmp_path / "qr.png", tmp_path / "trust.json"
    image.write_bytes(qr_png(issued.code))
    run(app, "keys", "trust-list", "--out", str(trust))
    code, out = run(app, "verify", "--qr-image", str(image), "--trust-list", str(trust), "--json")
    assert code == 0 and json.loads(out)["valid"] is True


def test_verify_refusals_exit_1_with_their_reason(
    app: typer.Typer, make_dose: Dose, tmp_path: Path
) -> None:
    run(app, "keys", "init")
    issued = _issue(make_dose)
    later = (issued.expires + timedelta(days=1)).isoformat()
    code, out = run(app, "verify", "--code", issued.code, "--at", later, "--json")
    assert code == 1 and json.loads(out)["reasons"] == ["expired"]
    revocations = RevocationList()
    revocations.revoke(issued.ci)
    listing = tmp_path / "revoked.json"
    listing.write_text(json.dumps(revocations.as_json()))
    code, out = run(
        app, "verify", "--code", issued.code, "--revocation-list", str(listing), "--json"
    )
    assert code == 1 and json.loads(out)["reasons"] == ["revoked"]
    code, out = run(app, "verify", "--code", "HC2:XYZ", "--json")
    assert code == 1 and json.loads(out)["checks"]["prefix"]["code"] == "bad_prefix"
    code, out = run(app, "verify", "--code", "HC2:XYZ")
    assert code == 1 and "TIDAK SAH / INVALID" in out


def test_bad_input_exits_2(app: typer.Typer, tmp_path: Path, make_dose: Dose) -> None:
    assert run(app, "verify", "--qr-image", str(tmp_path / "missing.png"))[0] == 2
    not_image = tmp_path / "note.png"
    not_image.write_text("hello")
    run(app, "keys", "init")
    assert run(app, "verify", "--qr-image", str(not_image))[0] == 2
    issued = _issue(make_dose)
    assert run(app, "verify", "--code", issued.code, "--at", "yesterday")[0] == 2
    assert run(app, "verify")[0] == 2
    assert run(app, "verify", "--code", issued.code, "--qr-image", str(not_image))[0] == 2
    broken = tmp_path / "trust.json"
    broken.write_text("{not json")
    assert run(app, "verify", "--code", issued.code, "--trust-list", str(broken))[0] == 2


def test_verify_without_keys_or_trust_list_is_bad_input(app: typer.Typer) -> None:
    assert run(app, "verify", "--code", "HC1:ABC")[0] == 2
    assert run(app, "keys", "rotate")[0] == 2
    assert run(app, "keys", "trust-list")[0] == 2


def test_the_store_the_cli_writes_is_the_one_settings_name(
    app: typer.Typer, tmp_path: Path
) -> None:
    run(app, "keys", "init")
    store = KeyStore(CertificateSettings())
    assert store.root == tmp_path / "keys" and store.initialised
