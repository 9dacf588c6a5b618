"""Cross-cutting API behaviour: problem+json everywhere, request ids, logs without secrets."""

from __future__ import annotations

import io
import json

from sihat.core import errors
from sihat.core import logging as sihat_logging
from tests import factories


def test_every_error_code_has_malay_and_english() -> None:
    """The catalogue is core's codes plus every domain's ``codes.py``, each with a status and
    two different texts, whatever was imported before (the bootstrap registers them all)."""
    from sihat import bootstrap
    from sihat.core.codes import CODES as CORE

    expected = dict(CORE)
    for domain, table in bootstrap.CODE_TABLES.items():
        for code, entry in table.items():
            assert expected.setdefault(code, entry) == entry, (domain, code)
    assert errors.catalog() == expected
    for code, (status, en, ms) in expected.items():
        assert 400 <= status < 600, code
        assert en and ms and en != ms, code


def test_every_code_raised_in_the_source_is_in_the_catalogue() -> None:
    import re
    from pathlib import Path

    import sihat

    raised = set()
    for path in Path(sihat.__file__).parent.rglob("*.py"):
        raised |= set(re.findall(r"Problem\(\s*\"([a-z0-9_]+)\"", path.read_text()))
    assert len(raised) > 90
    assert raised - set(errors.catalog()) == set()


def test_the_catalogue_does_not_depend_on_what_a_process_imported_first() -> None:
    """A process that loads only the check-in writer and boots has the whole catalogue (the
    writer raises identity's codes, which it never imports)."""
    import subprocess
    import sys

    probe = (
        "from sihat.checkins import batch\n"
        "from sihat import bootstrap\n"
        "bootstrap.boot()\n"
        "from sihat.core.errors import Problem, catalog\n"
        "Problem('not_registered' if 'not_registered' in catalog() else 'login_failed')\n"
        "print(len(catalog()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout
    assert int(out) == len(errors.catalog())


def test_unknown_path_and_validation_errors_are_problems(client) -> None:
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "not_found" and r.json()["detail_ms"] == "Tidak dijumpai."
    r = client.post("/api/v1/accounts/otp", json={"phone": 5})
    assert r.status_code == 422 and r.json()["code"] == "invalid_input"
    assert r.json()["field"] == "phone"
    assert r.headers["x-request-id"] == r.json()["request_id"]


def test_openapi_is_served(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/accounts" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_logs_never_carry_identity_phone_password_or_codes(app, session, client) -> None:
    stream = io.StringIO()
    sihat_logging.configure("DEBUG", stream=stream)
    p = factories.adult()
    r = client.post("/api/v1/accounts/otp", json={"phone": p.phone})
    from sihat.notifications.service import messages_to

    code = messages_to(session, p.phone)[-1].body.split("kod anda ")[1].split(" ")[0]
    log = sihat_logging.get_logger("test")
    log.info(
        "sign-up",
        phone=p.phone,
        id_number=p.id_number,
        password="hunter2hunter2",
        otp=code,
        note=f"typed {p.id_number} and {p.phone}",
    )
    client.post(
        "/api/v1/accounts",
        json={
            "challenge_id": r.json()["challenge_id"],
            "code": code,
            "phone": p.phone,
            "password": "hunter2hunter2",
            "identity": factories.identity_json(p),
        },
    )
    output = stream.getvalue()
    assert output.count("\n") >= 3
    for line in output.splitlines():
        json.loads(line)
    for secret in (p.phone, p.phone[3:], p.id_number, "hunter2hunter2", code):
        assert secret not in output
    sihat_logging.configure("INFO")


def test_trusted_proxy_header_only_from_trusted_peer(client, settings) -> None:
    from sihat.core.web import client_ip

    class Req:
        def __init__(self, peer: str, fwd: str) -> None:
            self.client = type("C", (), {"host": peer})()
            self.headers = {"x-forwarded-for": fwd}

    assert client_ip(Req("10.0.0.5", "1.2.3.4"), ["10.0.0.0/8"]) == "1.2.3.4"  # type: ignore[arg-type]
    assert client_ip(Req("8.8.8.8", "1.2.3.4"), ["10.0.0.0/8"]) == "8.8.8.8"  # type: ignore[arg-type]
