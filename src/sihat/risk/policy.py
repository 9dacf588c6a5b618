"""The MyRisk policy, read from a versioned TOML file (``policies/myrisk.toml``): how long each
status lasts and whether a casual contact gets a status, by effective date."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from importlib import resources

from sihat.core import clock
from sihat.risk.statuses import CASUAL_CONTACT, CLOSE_CONTACT, CONFIRMED, STATUSES


@dataclass(frozen=True)
class Version:
    id: str
    effective_from: date
    days: dict[str, int]
    casual_contact_status: bool
    casual_watch_days: int
    isolation_days_vaccinated_asymptomatic: int | None

    def duration(
        self, status: str, *, fully_vaccinated: bool = False, symptomatic: bool | None = None
    ) -> timedelta:
        """How long ``status`` lasts. Isolation (CONFIRMED, CLOSE_CONTACT) is shorter for a fully
        vaccinated person known to have no symptoms where the version says so."""
        days = self.days[status]
        shorter = self.isolation_days_vaccinated_asymptomatic
        if (
            shorter is not None
            and status in (CONFIRMED, CLOSE_CONTACT)
            and fully_vaccinated
            and symptomatic is False
        ):
            days = shorter
        return timedelta(days=days)

    def casual_gets_status(self) -> bool:
        return self.casual_contact_status and CASUAL_CONTACT in self.days


@dataclass(frozen=True)
class Policy:
    precedence: tuple[str, ...]
    versions: tuple[Version, ...]  # oldest first

    def on(self, day: date) -> Version:
        """The version in force on ``day`` (a Malaysia date)."""
        found = [v for v in self.versions if v.effective_from <= day]
        if not found:
            return self.versions[0]
        return found[-1]

    def at(self, moment: datetime) -> Version:
        return self.on(clock.malaysia_date(moment))


@lru_cache
def load(name: str = "myrisk.toml") -> Policy:
    raw = tomllib.loads(resources.files("sihat.risk").joinpath("policies", name).read_text())
    precedence = tuple(raw["precedence"])
    if set(precedence) != set(STATUSES):
        raise ValueError(f"{name}: precedence must name every status once")
    versions = tuple(
        sorted(
            (
                Version(
                    id=v["id"],
                    effective_from=v["effective_from"],
                    days={k: int(d) for k, d in v["days"].items()},
                    casual_contact_status=bool(v["casual_contact_status"]),
                    casual_watch_days=int(v["casual_watch_days"]),
                    isolation_days_vaccinated_asymptomatic=v.get(
                        "isolation_days_vaccinated_asymptomatic"
                    ),
                )
                for v in raw["versions"]
            ),
            key=lambda v: v.effective_from,
        )
    )
    return Policy(precedence, versions)
