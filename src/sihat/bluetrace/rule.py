"""The close-contact rule over decrypted encounters, pure: a person is a close contact of a case
when, on one Malaysia day inside the case's infectious window, the encounters at an estimated
distance of at most ``close_contact_metres`` cover at least ``close_contact_minutes`` distinct
minutes.

The distance of a minute is not one record's: single RSSI readings scatter by several dB (body,
pocket, multipath), and with "any reading close enough" a person standing at 2.5 m would be
counted close in a third of the minutes. A minute's distance is the geometric mean (the mean
of the RSSIs, as the model is log-linear) of the estimates of that UID in the
``smoothing_minutes`` centred on it; the minute must itself hold a record."""

from __future__ import annotations

import math
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
    logs: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for s in seen:
        if start <= s.at < end:
            logs[s.uid][s.at // 60].append(math.log10(max(s.metres, 1e-3)))
    half = policy.smoothing_minutes // 2
    limit = math.log10(policy.close_contact_metres)
    minutes: dict[tuple[str, date], set[int]] = defaultdict(set)
    for uid, by_minute in logs.items():
        for minute in by_minute:
            near = [
                v for m in range(minute - half, minute + half + 1) for v in by_minute.get(m, ())
            ]
            if sum(near) / len(near) > limit + 1e-12:
                continue
            day = clock.malaysia_date(datetime.fromtimestamp(minute * 60, UTC))
            minutes[(uid, day)].add(minute)
    best: dict[str, Found] = {}
    for (uid, day), marks in sorted(minutes.items()):
        current = best.get(uid)
        if current is None or len(marks) > current.minutes:
            best[uid] = Found(uid, len(marks), day)
    return sorted(best.values(), key=lambda f: f.uid)
