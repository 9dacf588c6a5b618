"""MyRisk's rules over one person's status rows, in memory: which row is current, which have
expired, what a new status does on arrival, and whether the person must be told.

Pure functions (no database): ``service.set_status`` (one status, ORM rows) and
``risk.bulk`` (thousands at once, plain rows) both decide through them, so the two paths
cannot drift apart. A row is anything with the attributes of :class:`Row` (a ``RiskStatus``
or a ``bulk.Plain``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from sihat.core import clock
from sihat.risk import statuses
from sihat.risk.policy import Policy
from sihat.risk.statuses import LOW_RISK


class Row(Protocol):
    """The attributes the rules read and write (properties, so that ORM columns match)."""

    @property
    def status(self) -> str: ...
    @status.setter
    def status(self, value: str) -> None: ...

    @property
    def expires_at(self) -> datetime: ...
    @expires_at.setter
    def expires_at(self, value: datetime) -> None: ...

    @property
    def created_at(self) -> datetime: ...
    @created_at.setter
    def created_at(self, value: datetime) -> None: ...

    @property
    def outcome(self) -> str: ...
    @outcome.setter
    def outcome(self, value: str) -> None: ...

    @property
    def is_current(self) -> bool: ...
    @is_current.setter
    def is_current(self, value: bool) -> None: ...

    @property
    def ended_at(self) -> datetime | None: ...
    @ended_at.setter
    def ended_at(self, value: datetime | None) -> None: ...

    @property
    def end_reason(self) -> str | None: ...
    @end_reason.setter
    def end_reason(self, value: str | None) -> None: ...


# Bound to Any, not Row: mypy does not match the ORM class to the protocol inside the
# import cycle of sihat.risk.service (it does outside it).
R = TypeVar("R", bound=Any)


def best(rows: Sequence[R], policy: Policy) -> R | None:
    """The row to show among standing ones: highest precedence, then the one lasting
    longest, then the newest; equal in all three, the current one stays."""
    return max(
        rows,
        key=lambda r: (
            statuses.rank(r.status, policy.precedence),
            clock.as_utc(r.expires_at),
            clock.as_utc(r.created_at),
            bool(r.is_current),
        ),
        default=None,
    )


def shown(row: R | None) -> tuple[str, datetime | None]:
    """What the person sees of a current row: its status and until when."""
    return (LOW_RISK, None) if row is None else (row.status, clock.as_utc(row.expires_at))


@dataclass(frozen=True)
class Settled(Generic[R]):
    """The current row before and after settling (``None``: LOW_RISK)."""

    before: R | None
    after: R | None

    @property
    def moved(self) -> bool:
        return self.after is not self.before

    def notice(self) -> tuple[str, datetime | None] | None:
        """(status, until) to tell the person, or ``None`` when what they see is unchanged."""
        now_shown = shown(self.after)
        return None if shown(self.before) == now_shown else now_shown


def settle(rows: Sequence[R], now: datetime, policy: Policy) -> Settled[R]:
    """End the rows whose time is up (``EXPIRED``, in place) and choose the current one.
    ``rows``: the person's rows not ended, and the current one. The caller moves
    ``is_current`` when :attr:`Settled.moved` (in the order its database needs)."""
    before = next((r for r in rows if r.is_current), None)
    for r in rows:
        if r.ended_at is None and clock.as_utc(r.expires_at) <= now:
            r.ended_at, r.end_reason = r.expires_at, "EXPIRED"
    return Settled(before, best([r for r in rows if r.ended_at is None], policy))


def arrive(row: R, now: datetime) -> None:
    """A new status row before it is settled: IGNORED until chosen, and ended at once when it
    expired before it arrived."""
    row.outcome, row.is_current = "IGNORED", False
    if clock.as_utc(row.expires_at) <= now:
        row.ended_at, row.end_reason = row.expires_at, "EXPIRED"


def outcome(new: R, settled: Settled[R]) -> None:
    """The new row is APPLIED when it became current; the standing row it replaced is then
    SUPERSEDED."""
    if settled.after is new:
        new.outcome = "APPLIED"
        before = settled.before
        if before is not None and before.ended_at is None:
            before.outcome = "SUPERSEDED"
