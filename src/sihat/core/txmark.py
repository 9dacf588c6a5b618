"""The application marks its own write transactions, so that database triggers on sensitive
tables can tell its changes from those of a script or a database console.

- PostgreSQL: a transaction-local setting ``sihat.app_tx`` (``set_config(..., true)``).
- SQLite: a row in ``app_tx_marker`` that exists only inside the application's transaction
  (inserted when it begins, deleted before it commits). SQLite has one writer at a time and
  uncommitted rows are visible only to their own connection, so no other writer sees it.

The marker is ``nonce:HMAC(audit key, nonce)``, so one cannot be made up without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from sqlalchemy import Integer, String, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from sihat.core.orm import Base
from sihat.core.settings import get_settings


class AppTxMarker(Base):
    __tablename__ = "app_tx_marker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(200))


def new_marker() -> str:
    nonce = secrets.token_hex(12)
    return f"{nonce}:{sign(nonce)}"


def sign(nonce: str) -> str:
    key = get_settings().audit_key.encode()
    return hmac.new(key, b"app-tx:" + nonce.encode(), hashlib.sha256).hexdigest()[:32]


def is_genuine(token: str | None) -> bool:
    if not token or ":" not in token:
        return False
    nonce, mac = token.split(":", 1)
    return hmac.compare_digest(mac, sign(nonce))


def _mark(session: Session, transaction: Any, connection: Any) -> None:
    if session.info.get("sihat_marked_conn") is connection:
        return
    token = new_marker()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT set_config('sihat.app_tx', :t, true)"), {"t": token})
    else:
        connection.execute(text("DELETE FROM app_tx_marker"))
        connection.execute(
            text("INSERT INTO app_tx_marker (id, token) VALUES (1, :t)"), {"t": token}
        )
    session.info["sihat_marked_conn"] = connection
    session.info["sihat_marker_token"] = token


def _unmark(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint ends; the transaction goes on
        return
    connection = session.info.pop("sihat_marked_conn", None)
    if connection is None or connection.dialect.name == "postgresql":
        return
    session.flush()
    connection.execute(text("DELETE FROM app_tx_marker"))


def _forget(session: Session, previous_transaction: Any) -> None:
    # A savepoint's rollback keeps the transaction, and its marker, alive.
    if previous_transaction.parent is None:
        session.info.pop("sihat_marked_conn", None)


def install() -> None:
    """Mark every session's transactions; ``core.db`` calls it once, after ``trail.install()``
    (the trail's commit hook must run before the marker is removed)."""
    if not event.contains(Session, "after_begin", _mark):
        event.listen(Session, "after_begin", _mark)
        event.listen(Session, "before_commit", _unmark)
        event.listen(Session, "after_soft_rollback", _forget)
