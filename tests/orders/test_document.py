"""The signed document: verifies offline with only the public key; tampering, a wrong key
and a damaged text are refused with stable reasons; keys are created only in demo mode,
encrypted, outside the database."""

from __future__ import annotations

import base64
import json
import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sihat.core.errors import Problem
from sihat.orders import document, keys
from sihat.orders.settings import OrderSettings

AT = datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
PAYLOAD = {
    "no": "HSO-2026-ABCDE12345",
    "kind": "HSO",
    "name": "A**** b** A**",
    "id": "********1234",
    "district": "Selangor/Petaling",
    "from": document.stamp(AT),
    "until": document.stamp(AT + timedelta(days=10)),
    "iat": document.stamp(AT),
}


def test_verifies_with_only_the_published_public_key() -> None:
    key = Ed25519PrivateKey.generate()
    signed = document.sign(PAYLOAD, key)
    published = document.public_key_text(key.public_key())  # all an employer has
    offline = {document.kid_of(key.public_key()): document.public_key_from_text(published)}
    found = document.verify(signed, offline, at=AT + timedelta(days=1))
    assert found.kind == "HSO" and found.payload["no"] == PAYLOAD["no"]


def test_tampering_wrong_key_damage_and_time_are_refused() -> None:
    key = Ed25519PrivateKey.generate()
    trusted = {document.kid_of(key.public_key()): key.public_key()}
    signed = document.sign(PAYLOAD, key)
    prefix, body, signature = signed.split(".")
    changed = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    changed["until"] = document.stamp(AT + timedelta(days=1))
    forged_body = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=").decode()
    cases = {
        "bad_signature": f"{prefix}.{forged_body}.{signature}",
        "malformed": signed[:40],
    }
    for reason, text in cases.items():
        with pytest.raises(document.Refused) as refused:
            document.verify(text, trusted)
        assert refused.value.reason == reason
    other = Ed25519PrivateKey.generate()
    with pytest.raises(document.Refused) as unknown:
        document.verify(document.sign(PAYLOAD, other), trusted)
    assert unknown.value.reason == "unknown_key"
    # The right kid but another key's signature (a forger who copied the kid).
    impostor = {document.kid_of(key.public_key()): other.public_key()}
    with pytest.raises(document.Refused) as wrong:
        document.verify(signed, impostor)
    assert wrong.value.reason == "bad_signature"
    for at, reason in (
        (AT - timedelta(hours=1), "not_yet_valid"),
        (AT + timedelta(days=10), "expired"),
    ):
        with pytest.raises(document.Refused) as timed:
            document.verify(signed, trusted, at=at)
        assert timed.value.reason == reason
    for reason in (
        "valid",
        "malformed",
        "unknown_key",
        "bad_signature",
        "expired",
        "not_yet_valid",
    ):
        ms, en = document.REASONS[reason]
        assert ms and en and ms != en


def test_keys_are_created_only_in_demo_mode(tmp_path) -> None:
    production = OrderSettings(demo=False, key_dir=tmp_path / "k", key_passphrase="a-real-secret-1")
    with pytest.raises(Problem) as refused:
        keys.signing_key(production)
    assert refused.value.code == "order_no_signing_key"
    assert not (tmp_path / "k").exists()

    demo = OrderSettings(demo=True, key_dir=tmp_path / "d")
    key = keys.signing_key(demo)
    kid = document.kid_of(key.public_key())
    private = tmp_path / "d" / f"{kid}.key.pem"
    assert b"ENCRYPTED PRIVATE KEY" in private.read_bytes()
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert list(keys.public_keys(demo)) == [kid]
    assert document.kid_of(keys.signing_key(demo).public_key()) == kid  # not made twice

    # An operator's key (``sihat orders keys init``) works outside demo mode.
    made = keys.create(production)
    assert document.kid_of(keys.signing_key(production).public_key()) == made


def test_demo_passphrase_is_refused_outside_demo_mode(tmp_path) -> None:
    with pytest.raises(ValueError, match="demo passphrase"):
        OrderSettings(demo=False, key_dir=tmp_path)


def test_keys_command_creates_lists_and_refuses_a_second_init(tmp_path, monkeypatch) -> None:
    from typer.testing import CliRunner

    from sihat.orders import cli
    from sihat.orders.settings import get_settings

    monkeypatch.setenv("SIHAT_ORDER_KEY_DIR", str(tmp_path / "cli-keys"))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        made = runner.invoke(cli.orders_app, ["keys", "init"])
        assert made.exit_code == 0, made.output
        kid = json.loads(made.output)["kid"]
        assert runner.invoke(cli.orders_app, ["keys", "init"]).exit_code == 1
        listed = runner.invoke(cli.orders_app, ["keys", "list"])
        assert list(json.loads(listed.output)) == [kid]
    finally:
        get_settings.cache_clear()
