"""The hotspot rules, read from ``policies/hotspots.toml`` (versioned data, not code)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Policy:
    version: str
    premise_days: int
    small_min: int
    large_min: int
    zone_days: int
    zone_resolution: int
    red: int
    orange: int
    yellow: int
    radius_km: float
    tracker_days: int
    tracker_resolution: int
    k: int

    def level(self, cases: int) -> str | None:
        """LARGE, SMALL or None for a premise with this many distinct cases in its window."""
        if cases >= self.large_min:
            return "LARGE"
        if cases >= self.small_min:
            return "SMALL"
        return None

    def colour(self, cases: int) -> str:
        if cases >= self.red:
            return "red"
        if cases >= self.orange:
            return "orange"
        if cases >= self.yellow:
            return "yellow"
        return "green"


def parse(text: str) -> Policy:
    raw = tomllib.loads(text)
    p, z, t = raw["premises"], raw["zones"], raw["tracker"]
    policy = Policy(
        version=str(raw["version"]),
        premise_days=int(p["window_days"]),
        small_min=int(p["small_min_cases"]),
        large_min=int(p["large_min_cases"]),
        zone_days=int(z["window_days"]),
        zone_resolution=int(z["h3_resolution"]),
        red=int(z["red"]),
        orange=int(z["orange"]),
        yellow=int(z["yellow"]),
        radius_km=float(t["radius_km"]),
        tracker_days=int(t["window_days"]),
        tracker_resolution=int(t["h3_resolution"]),
        k=int(t["k"]),
    )
    if not (1 <= policy.small_min <= policy.large_min and 1 <= policy.yellow < policy.orange):
        raise ValueError("hotspot policy: thresholds out of order")
    if not (policy.orange < policy.red and policy.k >= 2 and policy.radius_km > 0):
        raise ValueError("hotspot policy: thresholds out of order")
    return policy


@lru_cache
def load(path: str | None = None) -> Policy:
    if path:
        return parse(Path(path).read_text(encoding="utf-8"))
    return parse(
        resources.files("sihat.hotspots").joinpath("policies/hotspots.toml").read_text("utf-8")
    )
