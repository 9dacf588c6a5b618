"""TempIDs as ``tracing.md`` §2 lays them out: the spec's vector both ways through the CLI,
malformed and tampered TempIDs refused with their reason, round trips across key rotations and
the retention window of a retired key."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from typer.testing import CliRunner

from sihat.bluetrace import keys, tempid
from sihat.bluetrace.cli import trace_app as app
from sihat.bluetrace.settings import TraceSettings
from sihat.core import clock
from sihat.core.errors import Problem

KEY = bytes(range(32)).hex()
IV = bytes(range(16)).hex()
UID = "AbCdEfGhIjKlMnOpQrStUvWxYz12"
VECTOR = "Ztw9Z8hFaBo4zaiAFxCB4aECCJwR0o1MgGETxsYAAQIDBAUGBwgJCgsMDQ4PvmTObERcsfO5iE9asGBt4A=="
runner = CliRunner()


def test_the_spec_vector_encodes_and_decodes() -> None:
    made = runner.invoke(
        app,
        ["tempid", "encode", "--uid", UID, "--start", "1599999940",
         "--expiry", "1600000840", "--key-hex", KEY, "--iv-hex", IV],
    )  # fmt: skip
    assert made.exit_code == 0 and made.stdout.strip() == VECTOR
    assert len(VECTOR) == tempid.TEMPID_CHARS
    read = runner.invoke(app, ["tempid", "decode", VECTOR, "--key-hex", KEY, "--json"])
    assert read.exit_code == 0
    assert json.loads(read.stdout) == {"uid": UID, "start": 1599999940, "expiry": 1600000840}


def test_tampered_malformed_and_wrong_key_are_refused_with_a_reason() -> None:
    raw = bytearray(base64.b64decode(VECTOR))
    raw[3] ^= 1
    tampered = base64.b64encode(bytes(raw)).decode()
    cases = [
        (tampered, KEY, "failed_decryption"),
        (VECTOR, "ff" * 32, "failed_decryption"),
        (VECTOR[:-4], KEY, "malformed"),
        ("!" * 84, KEY, "malformed"),
    ]
    for text, key, reason in cases:
        out = runner.invoke(app, ["tempid", "decode", text, "--key-hex", key, "--json"])
        assert out.exit_code == 1, text
        assert json.loads(out.stdout) == {"reason": reason}
    bad = runner.invoke(app, ["tempid", "decode", VECTOR, "--key-hex", "abc"])
    assert bad.exit_code == 2


def test_round_trip_across_rotations_and_the_retention_window(tmp_path) -> None:
    settings = TraceSettings(demo=True, key_dir=tmp_path / "k", key_retention_days=21)
    at = clock.now()
    with clock.frozen(at) as advance:
        first = keys.active_key(settings)  # made on first use in demo mode
        old = tempid.encode(first.secret, UID, 1, 2)
        advance(timedelta(days=1))
        keys.create(settings)  # rotate
        second = keys.active_key(settings)
        assert second.kid != first.kid
        new = tempid.encode(second.secret, UID, 3, 4)
        aeads = [k.aead() for k in keys.decrypting_keys(settings)]
        assert tempid.open_with(aeads, old).start == 1  # the retired key still reads
        assert tempid.open_with(aeads, new).start == 3
        listed = keys.listing(settings)
        assert [r["active"] for r in listed] == [False, True]
        assert listed[0]["retired_at"] == listed[1]["created_at"]
        advance(timedelta(days=21, seconds=1))  # past the retired key's retention
        aeads = [k.aead() for k in keys.decrypting_keys(settings)]
        with pytest.raises(tempid.TempIdError) as refused:
            tempid.open_with(aeads, old)
        assert refused.value.reason == "failed_decryption"
        assert tempid.open_with(aeads, new).start == 3
    # The key files hold no key in clear, and the wrong passphrase cannot open them.
    for path in (tmp_path / "k").glob("*.key.json"):
        assert first.secret.hex() not in path.read_text()
        assert path.stat().st_mode & 0o777 == 0o600
    keys._cache.clear()
    wrong = TraceSettings(demo=True, key_dir=tmp_path / "k", key_passphrase="x" * 20)
    with pytest.raises(keys.KeyStoreError):
        keys.active_key(wrong)


def test_outside_demo_mode_a_missing_key_is_refused(tmp_path) -> None:
    settings = TraceSettings(demo=False, key_dir=tmp_path / "none", key_passphrase="p" * 20)
    with pytest.raises(Problem) as refused:
        keys.active_key(settings)
    assert refused.value.code == "trace_no_key"
    with pytest.raises(ValueError):
        TraceSettings(demo=False, key_dir=tmp_path)  # the demo passphrase


def test_keys_cli_init_rotate_list(tmp_path, monkeypatch) -> None:
    from sihat.bluetrace import settings as module

    monkeypatch.setenv("SIHAT_TRACE_KEY_DIR", str(tmp_path / "cli-keys"))
    module.get_settings.cache_clear()
    try:
        first = runner.invoke(app, ["keys", "init"])
        assert first.exit_code == 0
        again = runner.invoke(app, ["keys", "init"])
        assert again.exit_code == 1
        rotated = runner.invoke(app, ["keys", "rotate"])
        listed = json.loads(runner.invoke(app, ["keys", "list"]).stdout)
        assert [r["kid"] for r in listed if r["active"]] == [json.loads(rotated.stdout)["kid"]]
        assert len(listed) == 2 and all("key" not in r and "wrapped" not in r for r in listed)
    finally:
        module.get_settings.cache_clear()
