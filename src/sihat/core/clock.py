"""The one clock. Every timestamp comes from :func:`now`; tests may freeze or move it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

MALAYSIA = ZoneInfo("Asia/Kuala_Lumpur")

_source: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


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
