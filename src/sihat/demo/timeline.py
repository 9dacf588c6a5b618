"""The demo's dates, counted back from the day it is seeded: never a calendar date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sihat.core import clock

# The campaign opened this many days before the demo is seeded: every dose falls inside a
# certificate's one-year life, so every seeded certificate is valid on the day of seeding.
CAMPAIGN_DAYS = 330


@dataclass(frozen=True)
class Timeline:
    today: date  # Malaysia date of seeding

    @property
    def opened(self) -> date:
        return self.today - timedelta(days=CAMPAIGN_DAYS)

    def at(self, day: date, hour: int = 9, minutes: int = 0) -> datetime:
        """A Malaysia wall-clock time as aware UTC."""
        moment = datetime.combine(day, time(hour), clock.MALAYSIA) + timedelta(minutes=minutes)
        return clock.as_utc(moment)
