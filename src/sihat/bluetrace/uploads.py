"""Uploads of a case's encounters (OpenTrace's ``{token, records, events}``). The raw upload is
sealed with the data key and kept ``archive_days`` (then purged by the job); each record is
classified (``classify``), the close-contact rule applied (``rule``) and the contacts recorded
(``contacts``). Reprocessing an archived upload, or the same records arriving again under a new
code, creates nothing twice."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sihat.bluetrace import authz, classify, contacts, keys, rule
from sihat.bluetrace.models import TraceDevice, TraceUpload
from sihat.bluetrace.policy import Policy, load
from sihat.bluetrace.schemas import UploadIn
from sihat.bluetrace.settings import TraceSettings, get_settings
from sihat.cases.models import Case
from sihat.core import clock, trail
from sihat.core.errors import Problem


def receive(
    session: Session,
    body: UploadIn,
    settings: TraceSettings | None = None,
    policy: Policy | None = None,
) -> TraceUpload:
    """Accept one upload with a live token, archive it and process it."""
    settings = settings or get_settings()
    if len(body.records) > settings.max_records:
        raise Problem("trace_too_many_records", field="records", limit=settings.max_records)
    token = authz.token_for_upload(session, body.token)
    now = clock.now()
    token.used_at = now
    raw = json.dumps(body.model_dump(exclude={"token"}), sort_keys=True, separators=(",", ":"))
    upload = TraceUpload(
        token_id=token.id,
        case_id=token.case_id,
        received_at=now,
        digest=hashlib.sha256(raw.encode()).hexdigest(),
        archive=raw,
        archive_until=now + timedelta(days=settings.archive_days),
        policy_version="",
    )
    session.add(upload)
    session.flush()
    process(session, upload, body, settings, policy)
    device = session.get(TraceDevice, token.device_id)
    trail.record(
        session,
        "trace:upload:received",
        actor_type="account",
        actor_id=device.account_id if device else None,
        target_type="case",
        target_id=token.case_id,
        upload_id=upload.id,
        records=upload.records,
        contacts=upload.contacts,
    )
    return upload


def process(
    session: Session,
    upload: TraceUpload,
    body: UploadIn,
    settings: TraceSettings | None = None,
    policy: Policy | None = None,
) -> TraceUpload:
    settings = settings or get_settings()
    policy = policy or load()
    case = session.get(Case, upload.case_id)
    if case is None:  # pragma: no cover - a foreign key guarantees it
        raise Problem("not_found")
    aeads = [k.aead() for k in keys.decrypting_keys(settings)]
    done = classify.classify(body.records, aeads, settings.org, policy)
    found = rule.minutes_by_uid(done.seen, contacts.window(case), policy)
    new = contacts.record(session, case, found, policy) if case.status == "CONFIRMED" else 0
    upload.records = len(body.records)
    for name in ("valid", "no_msg", "expired_id", "failed_decryption", "foreign_org"):
        setattr(upload, name, done.counts[name])
    upload.contacts = (upload.contacts if upload.processed_at else 0) + new
    upload.policy_version = policy.version
    upload.processed_at = clock.now()
    session.flush()
    return upload


def reprocess(session: Session, upload_id: str, policy: Policy | None = None) -> TraceUpload:
    """Process an archived upload again (e.g. after a key was restored); idempotent."""
    upload = session.get(TraceUpload, upload_id)
    if upload is None or upload.archive is None:
        raise Problem("not_found")
    body = UploadIn.model_validate({**json.loads(upload.archive), "token": "-"})
    return process(session, upload, body, policy=policy)


def purge_archives(session: Session) -> int:
    """Drop the raw uploads past their ``archive_until`` (the counts and contacts stay)."""
    now = clock.now()
    ids = list(
        session.scalars(
            select(TraceUpload.id).where(
                TraceUpload.archive.is_not(None), TraceUpload.archive_until <= now
            )
        )
    )
    if ids:
        session.execute(update(TraceUpload).where(TraceUpload.id.in_(ids)).values(archive=None))
        trail.record(session, "trace:archives:purged", actor_type="system", uploads=len(ids))
    return len(ids)
