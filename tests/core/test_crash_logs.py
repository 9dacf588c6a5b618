"""Personal data never reaches a crash log (#17 item 4): an unhandled database error whose
statement carries a person's name, date of birth and identity hash is answered
``internal_error`` and logged as its type and frames only; nothing is re-raised to the
server (which would print the full traceback with the SQL parameters)."""

from __future__ import annotations

import logging

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.core.web import DB
from sihat.identity.models import Person
from tests import factories


def test_a_crash_with_personal_data_in_its_statement_logs_none_of_it(app, capfd, caplog) -> None:
    p = factories.person()
    id_hash = blind_index("id", p.id_number)
    secret_name = "Siti Nurhaliza binti Crashtest"

    def _person() -> Person:
        return Person(
            id_type="MYKAD",
            id_number=p.id_number,
            id_hash=id_hash,
            full_name=secret_name,
            date_of_birth=p.date_of_birth,
            created_at=clock.now(),
        )

    @app.post("/api/v1/crash-probe")
    def crash(session: Session = DB) -> dict[str, str]:
        session.add(_person())
        session.flush()
        session.add(_person())  # the same identity key: IntegrityError with every value
        session.flush()
        return {}

    caplog.set_level(logging.DEBUG)
    with TestClient(app, raise_server_exceptions=True) as client:
        got = client.post("/api/v1/crash-probe")
    assert got.status_code == 500
    assert got.headers["content-type"] == "application/problem+json"
    assert got.json()["code"] == "internal_error"
    out, err = capfd.readouterr()
    swept = out + err + caplog.text
    assert '"unhandled"' in swept and "IntegrityError" in swept  # the crash was logged...
    assert "in crash" in swept  # ...with where it happened
    for secret in (secret_name, "Crashtest", id_hash, p.date_of_birth.isoformat(), p.id_number):
        assert secret not in swept  # ...and nothing of the person
    assert "Traceback" not in swept
