"""Verify the audit-log chain and sign checkpoints with Ed25519 outside the database.

``verify`` names the first bad entry when any entry was edited, inserted, deleted or
reordered, when the chain was recomputed without the key, or when the log was cut below its
last signed checkpoint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.settings import get_settings
from sihat.core.trail import GENESIS, AuditEvent, link


@dataclass
class VerifyReport:
    ok: bool = True
    entries: int = 0
    last_seq: int = 0
    checkpoints: int = 0
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    reason: str | None = None
    problems: list[str] = field(default_factory=list)

    def fail(self, reason: str, seq: int | None = None, event_id: int | None = None) -> None:
        if self.ok:
            self.ok, self.reason, self.first_bad_seq, self.first_bad_id = (
                False,
                reason,
                seq,
                event_id,
            )
        self.problems.append(reason)

    def as_json(self) -> dict[str, Any]:
        return self.__dict__ | {"valid": self.ok}


def verify_events(
    events: Iterable[Any], checkpoints: list[dict[str, Any]], key: bytes | None = None
) -> VerifyReport:
    """Check a sequence of events (ordered as stored, by ``seq``) against the chain and the
    signed checkpoints. Works on the database or on any copy of it."""
    report = VerifyReport()
    prev, expected_seq = GENESIS, 1
    at_seq: dict[int, str] = {}
    wanted = {int(c["seq"]) for c in checkpoints}
    for e in events:
        report.entries += 1
        if e.seq is None:
            report.fail("entry outside the chain (inserted without sequence)", None, e.id)
            continue
        if e.seq != expected_seq:
            kind = "missing entries (deleted)" if e.seq > expected_seq else "out of order"
            report.fail(f"{kind}: expected sequence {expected_seq}, found {e.seq}", e.seq, e.id)
            expected_seq = e.seq
        if e.prev_hash != prev:
            report.fail(
                "link to the previous entry broken (deleted, inserted or reordered)", e.seq, e.id
            )
        if link(e.prev_hash or GENESIS, e, key) != e.chain_hash:
            report.fail(
                "entry does not match its hash (edited, or chain recomputed without the key)",
                e.seq,
                e.id,
            )
        prev = e.chain_hash or ""
        if e.seq in wanted:
            at_seq[e.seq] = prev
        report.last_seq = e.seq
        expected_seq += 1
    for c in checkpoints:
        report.checkpoints += 1
        seq = int(c["seq"])
        if seq > report.last_seq:
            report.fail(f"log cut below signed checkpoint at sequence {seq}", seq, None)
        elif at_seq.get(seq) != c["chain_hash"]:
            report.fail(f"entry {seq} differs from its signed checkpoint", seq, None)
    return report


def stream(session: Session) -> Iterator[AuditEvent]:
    yield from session.scalars(
        select(AuditEvent)
        .order_by(AuditEvent.seq.is_(None), AuditEvent.seq, AuditEvent.id)
        .execution_options(yield_per=2000)
    )


def _signing_key() -> Ed25519PrivateKey:
    path = get_settings().audit_signing_key
    if path.exists():
        loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
        assert isinstance(loaded, Ed25519PrivateKey)
        return loaded
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)
    return key


def _public_key() -> Ed25519PublicKey:
    return _signing_key().public_key()


def _body(c: dict[str, Any]) -> bytes:
    fields = {k: c.get(k) for k in ("database", "seq", "chain_hash", "entries", "signed_at")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def database_id(session: Session) -> str:
    """Which database a checkpoint belongs to (several may share a checkpoint folder)."""
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        name = "sqlite:" + os.path.abspath(url.database or "")
    else:
        name = f"{url.get_backend_name()}:{url.host}:{url.port}:{url.database}"
    return hashlib.sha256(name.encode()).hexdigest()[:16]


def write_checkpoint(session: Session, directory: Path | None = None) -> dict[str, Any] | None:
    """Sign the chain's current head and write it to the checkpoint directory."""
    directory = directory or get_settings().audit_checkpoint_dir
    head = session.execute(
        select(AuditEvent.seq, AuditEvent.chain_hash).where(
            AuditEvent.seq == select(func.max(AuditEvent.seq)).scalar_subquery()
        )
    ).first()
    if head is None:
        return None
    checkpoint: dict[str, Any] = {
        "database": database_id(session),
        "seq": head.seq,
        "chain_hash": head.chain_hash,
        "entries": head.seq,
        "signed_at": clock.now().isoformat(timespec="seconds"),
    }
    checkpoint["signature"] = base64.b64encode(_signing_key().sign(_body(checkpoint))).decode()
    directory.mkdir(parents=True, exist_ok=True)
    name = f"checkpoint-{checkpoint['database']}-{head.seq:012d}.json"
    (directory / name).write_text(json.dumps(checkpoint))
    return checkpoint


def load_checkpoints(
    directory: Path | None = None, database: str | None = None
) -> tuple[list[dict[str, Any]], list[str]]:
    """Signed checkpoints (of ``database`` when given), and the names of files whose
    signature does not verify."""
    directory = directory or get_settings().audit_checkpoint_dir
    if not directory.exists():
        return [], []
    good, bad = [], []
    public = _public_key()
    for path in sorted(directory.glob("checkpoint-*.json")):
        c = json.loads(path.read_text())
        try:
            public.verify(base64.b64decode(c["signature"]), _body(c))
        except Exception:
            bad.append(path.name)
            continue
        if database is None or c.get("database") == database:
            good.append(c)
    return good, bad


def verify_database(session: Session, directory: Path | None = None) -> VerifyReport:
    checkpoints, forged = load_checkpoints(directory, database_id(session))
    report = verify_events(stream(session), checkpoints)
    for name in forged:
        report.fail(f"checkpoint {name} has a bad signature")
    return report
