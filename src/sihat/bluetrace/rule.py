"""The close-contact rule over decrypted encounters, pure: a person is a close contact of a case
when, on one Malaysia day inside the case's infectious window, the encounters at an estimated
distance of at most ``close_contact_metres`` cover at least ``close_contact_minutes`` distinct
minutes. Every valid record inside the window counts toward the minute it falls in."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sihat.bluetrace.classify import Seen
from sihat.bluetrace.policy import Policy
from sihat.core import clock


@dataclass(frozen=True)
class Found:
    uid: str
    minutes: int  # the most minutes on one day
    exposed_on: date  # that day (the earliest of equal days)

    def close(self, policy: Policy) -> bool:
        return self.minutes >= policy.close_contact_minutes


def minutes_by_uid(
    seen: Iterable[Seen], window: tuple[datetime, datetime], policy: Policy
) -> list[Found]:
    """Each UID's best day of close minutes inside ``window`` (half-open ``[start, end)``)."""
    start, end = (int(clock.as_utc(w).timestamp()) for w in window)
    minutes: dict[tuple[str, date], set[int]] = defaultdict(set)
    for s in seen:
        if not start <= s.at < end or s.metres > policy.close_contact_metres:
            continue
        day = clock.malaysia_date(datetime.fromtimestamp(s.at, UTC))
        minutes[(s.uid, day)].add(s.at // 60)
    best: dict[str, Found] = {}
    for (uid, day), marks in sorted(minutes.items()):
        current = best.get(uid)
        if current is None or len(marks) > current.minutes:
            best[uid] = Found(uid, len(marks), day)
    return sorted(best.values(), key=lambda f: f.uid)
