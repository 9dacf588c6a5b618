"""Test plumbing: every database test runs on SQLite and on PostgreSQL.

- The schema comes from the Alembic migrations, never ``create_all``.
- Each test runs inside a transaction that is rolled back (sessions join it with
  ``join_transaction_mode="create_savepoint"``), so services and the request transaction
  behave as in production while the database stays clean.
- Tests that need real commits from several connections (races, a live server) ask for
  ``fresh_database``: a new database cloned from a migrated template.
- PostgreSQL must be reachable (``SIHAT_TEST_POSTGRES_URL``); if it is not, the PostgreSQL
  half fails rather than skips, and the run fails if no PostgreSQL test passed.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SIHAT_ARGON2_PROFILE", "fast")
os.environ.setdefault("SIHAT_DEMO", "true")

# Tests never read or write the repository's var/: keys, checkpoints, run outputs go here.
os.environ["SIHAT_VAR_DIR"] = tempfile.mkdtemp(prefix="sihat-test-var-")
os.environ["SIHAT_AUDIT_CHECKPOINT_DIR"] = os.environ["SIHAT_VAR_DIR"] + "/audit-checkpoints"
os.environ["SIHAT_AUDIT_SIGNING_KEY"] = os.environ["SIHAT_VAR_DIR"] + "/keys/audit.pem"
os.environ["SIHAT_CERT_KEY_DIR"] = os.environ["SIHAT_VAR_DIR"] + "/keys/certificates"

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from sihat import bootstrap
from sihat.core import migrate
from sihat.core.db import Database, make_engine
from sihat.core.settings import Settings, get_settings

bootstrap.boot()  # as every entry point does: error codes, listeners, providers, jobs

pytest_plugins = ["tests.browser"]

BACKENDS = ("sqlite", "postgresql")
PG_ADMIN_URL = os.environ.get(
    "SIHAT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_passed_postgres = {"count": 0, "collected": 0}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    _passed_postgres["collected"] = sum("[postgresql" in item.nodeid for item in items)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.passed and "[postgresql" in report.nodeid:
        _passed_postgres["count"] += 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tests.browser import close_shared_browser

    close_shared_browser()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if _passed_postgres["collected"] and not _passed_postgres["count"]:
        session.exitstatus = 1
        print("\nFAILED: no PostgreSQL test passed; the PostgreSQL run did not happen.")


class BoundDatabase(Database):
    """A Database whose sessions join an outer transaction that the test rolls back."""

    def __init__(self, connection: Connection) -> None:
        self.engine = connection.engine
        self.connection = connection
        self.sessions = sessionmaker(
            bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )


def _pg_admin_engine():
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    return str(make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False))


class Templates:
    """Per worker and backend: a migrated template, and clones of it."""

    def __init__(self, backend: str, worker: str, tmp: Path) -> None:
        # ``worker`` carries the run's id too, so parallel runs on one server never collide.
        self.backend, self.worker, self.tmp = backend, worker, tmp
        self.counter = itertools.count()
        if backend == "sqlite":
            self.template = tmp / "template.db"
            migrate.upgrade(f"sqlite:///{self.template}")
        else:
            self.template_name = f"sihat_tpl_{worker}"
            admin = _pg_admin_engine()
            try:
                with admin.connect() as conn:
                    conn.execute(
                        text(f'DROP DATABASE IF EXISTS "{self.template_name}" WITH (FORCE)')
                    )
                    conn.execute(text(f'CREATE DATABASE "{self.template_name}"'))
            except Exception as exc:  # pragma: no cover - reported as a failure, never a skip
                pytest.fail(f"PostgreSQL is required for the PostgreSQL half of the tests: {exc}")
            finally:
                admin.dispose()
            migrate.upgrade(_pg_url(self.template_name))

    def clone(self, label: str) -> str:
        n = next(self.counter)
        if self.backend == "sqlite":
            path = self.tmp / f"{label}-{n}.db"
            shutil.copyfile(self.template, path)
            return f"sqlite:///{path}"
        name = f"sihat_{label}_{self.worker}_{n}"
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{self.template_name}"'))
        admin.dispose()
        return _pg_url(name)

    def drop(self, url: str) -> None:
        if self.backend == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{make_url(url).database}{suffix}").unlink(missing_ok=True)
            return
        admin = _pg_admin_engine()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", autouse=True)
def certificate_keys() -> None:
    """The worker's demo signing keys, made once on the running clock before any test freezes
    it: made inside a test frozen at a fixed date, their lifetime would be counted from that
    date and run out on a real date (a date bomb that depends on test order)."""
    from sihat.certificates.signing import signing_store

    signing_store()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def templates(
    backend: str, worker_id: str, testrun_uid: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Templates]:
    made = Templates(backend, f"{testrun_uid[:8]}_{worker_id}", tmp_path_factory.mktemp(backend))
    yield made
    if backend == "postgresql":
        made.drop(_pg_url(made.template_name))


@pytest.fixture(scope="session")
def shared_engine(templates: Templates) -> Iterator[object]:
    url = templates.clone("main")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    templates.drop(url)


@pytest.fixture
def db(shared_engine) -> Iterator[BoundDatabase]:
    """A database whose every change is rolled back after the test."""
    connection = shared_engine.connect()
    outer = connection.begin()
    try:
        yield BoundDatabase(connection)
    finally:
        outer.rollback()
        connection.close()


@pytest.fixture
def session(db: BoundDatabase) -> Iterator[object]:
    """A session for calling services directly (flushes inside the rolled-back transaction)."""
    s = db.sessions()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def fresh_database(templates: Templates) -> Iterator[Database]:
    """An empty migrated database of its own, for tests that need real commits."""
    url = templates.clone("fresh")
    database = Database.from_url(url)
    try:
        yield database
    finally:
        database.engine.dispose()
        templates.drop(url)


@pytest.fixture
def settings() -> Iterator[Settings]:
    get_settings.cache_clear()
    yield get_settings()
    get_settings.cache_clear()


@pytest.fixture
def app(db: BoundDatabase, settings: Settings):
    from sihat.app import create_app

    return create_app(settings, database=db)


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, client=("127.0.0.1", 50000)) as c:
        yield c
