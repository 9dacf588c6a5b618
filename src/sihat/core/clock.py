"""The one clock. Every timestamp comes from :func:`now`; tests may freeze or move it.

``SIHAT_CLOCK_OFFSET_DAYS`` (demo and tests only; ``Settings`` refuses it in production)
moves the real clock that many days ahead, so the test suite can run as if it were years
from now: a test that compares a fixed calendar date with the real clock fails the day it is
written, not the day the date passes. It is read here, once, at import, rather than through
``Settings``, because every process (servers the tests start included) must agree on it
before anything asks the time. A frozen clock is exact whatever the offset.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")

OFFSET = timedelta(days=float(os.environ.get("SIHAT_CLOCK_OFFSET_DAYS") or 0))


def _real_now() -> datetime:
    return datetime.now(UTC) + OFFSET


_source: Callable[[], datetime] = _real_now if OFFSET else (lambda: datetime.now(UTC))


def now() -> datetime:
    """Current time, timezone-aware UTC."""
    return _source()


def today_my() -> date:
    """Today's date in Malaysia."""
    return now().astimezone(MALAYSIA).date()


def malaysia_date(moment: datetime) -> date:
    return as_utc(moment).astimezone(MALAYSIA).date()


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive value is taken as UTC (SQLite hands them back naive)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


@contextmanager
def frozen(at: datetime) -> Iterator[Callable[[timedelta], None]]:
    """Freeze the clock at ``at``; yields a function that moves it forward."""
    global _source
    current = [as_utc(at)]
    previous = _source
    _source = lambda: current[0]  # noqa: E731

    def advance(delta: timedelta) -> None:
        current[0] = current[0] + delta

    try:
        yield advance
    finally:
        _source = previous
