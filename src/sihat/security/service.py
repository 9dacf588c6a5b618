"""Security events: record (any domain, any time), flush, block abusive sources, report.

This module imports only ``core``, so every domain (staff and governance included) may call
:func:`record` without an import cycle. Role checks live in ``security.access``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.alerts import Refusal
from sihat.core.db import Database
from sihat.core.errors import Problem
from sihat.core.logging import get_logger
from sihat.core.settings import get_settings
from sihat.security.models import KINDS, NOT_BLOCKING, SecurityEvent, SourceBlock
from sihat.security.sink import SINK, Pending

log = get_logger("sihat.security")
# Who a request without a live session is, in blocks (their events carry no account).
ANONYMOUS = "-"
# Who a session token belongs to, per kind of session: (the cookie that carries it, a lookup
# from token to ``staff:<id>`` / ``account:<id>``). Registered by ``sihat.bootstrap``; a
# bearer token is tried with each, the staff first.
Lookup = Callable[[Session, str], str | None]
Tokens = tuple[tuple[str, str], ...]  # (cookie, token) pairs a request carries
_PRINCIPALS: list[tuple[str, Lookup]] = []


def register_principal(cookie: str, lookup: Lookup) -> None:
    _PRINCIPALS[:] = [(c, f) for c, f in _PRINCIPALS if c != cookie] + [(cookie, lookup)]


def cookies() -> list[str]:
    return [cookie for cookie, _ in _PRINCIPALS]


def owner_of(session: Session, tokens: Tokens) -> str:
    """The account of the first live session among ``tokens``, else ``-``."""
    lookups = dict(_PRINCIPALS)
    for cookie, token in tokens:
        found = lookups[cookie](session, token)
        if found is not None:
            return found
    return ANONYMOUS


def register_kinds(kinds: dict[str, str], *, blocking: bool = True) -> None:
    """Other domains add event kinds of their own (name -> meaning); ``blocking=False`` for
    kinds that never count towards blocking a source."""
    KINDS.update(kinds)
    if not blocking:
        NOT_BLOCKING.update(kinds)


def record(
    session: Session | None,
    kind: str,
    source_ip: str | None = None,
    target: str | None = None,
    *,
    blocked: bool = False,
    account: str | None = None,
    **details: Any,
) -> None:
    """Record one security event. It is buffered, never written to ``session``: it is written
    after the caller's transaction, whatever its outcome (see ``sink``). ``session`` is
    accepted so that services can call this with what they hold. Raises only for a kind
    nobody registered (a programming error). The account is that of the request's live
    session (``context``), unless ``account`` names it."""
    if kind not in KINDS:
        raise ValueError(f"unknown security event kind {kind!r}")
    ctx = context.current()
    ip = (source_ip or ctx.ip or "-")[:64]
    safe = {k: v for k, v in details.items() if isinstance(v, str | int | float | bool)}
    if ctx.request_id:
        safe.setdefault("request_id", ctx.request_id)
    target = (target or "")[:200] or None
    # the session's account (``web.Guard``), or its tokens, whose owner ``write`` looks up
    who = account or ctx.account
    tokens = () if who else ctx.tokens
    SINK.add(kind, ip, target, safe, blocked=blocked, lazy=blocked, account=who, tokens=tokens)


def outlive(factory: Callable[[], object]) -> None:
    """Write a row after the request whatever its outcome (e.g. an alert about a refusal)."""
    SINK.outlive(factory)


def deliver_refusal(refusal: Refusal) -> None:
    """A refusal reported through ``core.alerts`` (installed by ``sihat.bootstrap``): a
    security event now, its row after the request."""
    record(None, refusal.kind, refusal.ip, target=refusal.target, **refusal.details)
    outlive(refusal.row)


def flush(database: Database) -> list[SourceBlock]:
    """Write buffered events in a transaction of their own; returns sources newly blocked."""
    events, rows, dropped = SINK.drain()
    if dropped:
        log.warning("security_events_dropped", dropped=dropped)
    if not events and not rows:
        return []
    try:
        with database.unit_of_work() as session:
            blocks = write(session, events, rows)
    except Exception as exc:  # the request already ended; keep the events for the next flush
        log.error("security_flush_failed", error_type=type(exc).__name__)
        SINK.requeue(events, rows)
        return []
    return blocks


def write(
    session: Session, events: list[Pending], rows: list[Callable[[], object]] | None = None
) -> list[SourceBlock]:
    owners: dict[Tokens, str] = {}
    for p in events:  # whose session set them off: looked up once per token, here only
        if p.account is None and p.tokens:
            if p.tokens not in owners:
                owners[p.tokens] = owner_of(session, p.tokens)
            p.account = None if owners[p.tokens] == ANONYMOUS else owners[p.tokens]
            p.tokens = ()
    for p in events:
        session.add(
            SecurityEvent(
                first_at=p.first_at,
                last_at=p.last_at,
                kind=p.kind,
                source_ip=p.source_ip,
                target=p.target,
                count=p.count,
                blocked=p.blocked,
                details=p.details,
                account=p.account,
            )
        )
    for factory in rows or []:
        session.add(factory())
    session.flush()
    sources = {
        (p.source_ip, p.account or ANONYMOUS)
        for p in events
        if p.kind not in NOT_BLOCKING and not p.blocked
    }
    found = (_maybe_block(session, ip, who) for ip, who in sorted(sources))
    return [b for b in found if b is not None]


def _never_block(ip: str) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    nets = get_settings().security_never_block
    return any(addr in ipaddress.ip_network(n, strict=False) for n in nets)


def _maybe_block(session: Session, ip: str, who: str = ANONYMOUS) -> SourceBlock | None:
    """Block ``who`` at ``ip`` once their events reach the threshold: an account's (``who``
    from a live session) are counted apart from the address's anonymous ones (``-``), so one
    attacker behind a shared address (a centre's NAT) blocks only themselves."""
    settings = get_settings()
    if ip == "-" or _never_block(ip) or active_block(session, ip, who) is not None:
        return None
    now = clock.now()
    since = now - timedelta(seconds=settings.security_block_window_seconds)
    anonymous = who == ANONYMOUS
    total = session.scalar(
        select(func.coalesce(func.sum(SecurityEvent.count), 0)).where(
            SecurityEvent.source_ip == ip,
            SecurityEvent.account.is_(None) if anonymous else SecurityEvent.account == who,
            SecurityEvent.last_at >= since,
            SecurityEvent.kind.not_in(NOT_BLOCKING),
        )
    )
    threshold = (
        settings.security_block_threshold
        if anonymous
        else settings.security_block_threshold_account
    )
    if int(total or 0) < threshold:
        return None
    block = SourceBlock(
        source_ip=ip,
        account=who,
        blocked_at=now,
        until=now + timedelta(seconds=settings.security_block_seconds),
        reason=f"{total} suspicious requests in {settings.security_block_window_seconds} s",
        events=int(total or 0),
        by_type="system",
    )
    session.add(block)
    session.flush()
    trail.record(
        session,
        "security:source:blocked",
        actor_type="system",
        target_type="source",
        target_id=ip,
        account=who,
        events=block.events,
        until=block.until.isoformat(),
    )
    return block


def active_blocks(session: Session, ip: str) -> dict[str | None, datetime]:
    """Every active block at ``ip``: whom it refuses (None: everyone at the address, ``-``
    requests without a session, else an account) and until when (the latest of each)."""
    now = clock.now()
    rows = session.execute(
        select(SourceBlock.account, func.max(SourceBlock.until))
        .where(SourceBlock.source_ip == ip, SourceBlock.until > now)
        .where(SourceBlock.lifted_at.is_(None))
        .group_by(SourceBlock.account)
    ).all()
    return {who: until for who, until in rows}


def active_block(session: Session, ip: str, who: str | None = None) -> SourceBlock | None:
    """The block that refuses ``who`` (an account, or ``-`` for a request without a
    session) at ``ip`` now: one of theirs, or one of the whole address (a block by hand).
    ``who=None``: any block of the address."""
    now = clock.now()
    query = (
        select(SourceBlock)
        .where(SourceBlock.source_ip == ip, SourceBlock.until > now)
        .where(SourceBlock.lifted_at.is_(None))
    )
    if who is not None:
        query = query.where(or_(SourceBlock.account.is_(None), SourceBlock.account == who))
    return session.scalar(query.order_by(SourceBlock.until.desc()).limit(1))


def block(session: Session, actor_id: str, ip: str, minutes: int, reason: str) -> SourceBlock:
    """A security officer blocks a source by hand."""
    try:
        ip = str(ipaddress.ip_address(ip.strip()))
    except ValueError:
        raise Problem("invalid_source_ip", field="source_ip") from None
    now = clock.now()
    row = SourceBlock(
        source_ip=ip,
        blocked_at=now,
        until=now + timedelta(minutes=minutes),
        reason=reason[:200],
        events=0,
        by_type="staff",
        by_id=actor_id,
    )
    session.add(row)
    session.flush()
    trail.record(
        session,
        "security:source:blocked",
        actor_type="staff",
        actor_id=actor_id,
        target_type="source",
        target_id=ip,
        minutes=minutes,
    )
    return row


def lift(session: Session, actor_id: str, block_id: str) -> SourceBlock:
    row = session.get(SourceBlock, block_id)
    if row is None or row.lifted_at is not None or row.until <= clock.now():
        raise Problem("not_found")
    row.lifted_at = clock.now()
    row.lifted_by = actor_id
    trail.record(
        session,
        "security:source:unblocked",
        actor_type="staff",
        actor_id=actor_id,
        target_type="source",
        target_id=row.source_ip,
    )
    session.flush()
    return row


def blocks(session: Session, *, active_only: bool = True, limit: int = 100) -> list[SourceBlock]:
    query = select(SourceBlock).order_by(SourceBlock.blocked_at.desc()).limit(limit)
    if active_only:
        query = query.where(SourceBlock.until > clock.now(), SourceBlock.lifted_at.is_(None))
    return list(session.scalars(query))


def recent_events(
    session: Session, *, kind: str | None = None, source_ip: str | None = None, limit: int = 100
) -> list[SecurityEvent]:
    query = select(SecurityEvent).order_by(SecurityEvent.last_at.desc(), SecurityEvent.id.desc())
    if kind:
        query = query.where(SecurityEvent.kind == kind)
    if source_ip:
        query = query.where(SecurityEvent.source_ip == source_ip)
    return list(session.scalars(query.limit(limit)))


def report(
    session: Session, *, since: datetime | None = None, until: datetime | None = None, top: int = 10
) -> dict[str, Any]:
    """Attempts by kind and by source, blocked requests and sources (the audit's figure)."""
    conds = []
    if since is not None:
        conds.append(SecurityEvent.last_at >= since)
    if until is not None:
        conds.append(SecurityEvent.first_at < until)
    total = func.coalesce(func.sum(SecurityEvent.count), 0)
    by_kind = session.execute(
        select(SecurityEvent.kind, total).where(*conds).group_by(SecurityEvent.kind)
    ).all()
    by_source = session.execute(
        select(SecurityEvent.source_ip, total)
        .where(*conds)
        .group_by(SecurityEvent.source_ip)
        .order_by(total.desc(), SecurityEvent.source_ip)
        .limit(top)
    ).all()
    blocked_requests = session.scalar(select(total).where(*conds, SecurityEvent.blocked))
    block_conds = []
    if since is not None:
        block_conds.append(SourceBlock.until >= since)
    if until is not None:
        block_conds.append(SourceBlock.blocked_at < until)
    sources_blocked = session.scalar(
        select(func.count(func.distinct(SourceBlock.source_ip))).where(*block_conds)
    )
    kinds = {k: int(n) for k, n in sorted(by_kind)}
    return {
        "attempts": sum(kinds.values()),
        "by_kind": kinds,
        "by_source": [{"source_ip": ip, "attempts": int(n)} for ip, n in by_source],
        "blocked_requests": int(blocked_requests or 0),
        "sources_blocked": int(sources_blocked or 0),
        "sources_blocked_now": len(blocks(session, active_only=True, limit=100_000)),
    }
