"""The priority policy: read from a versioned TOML file (settings), never from code."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from sihat.core.settings import get_settings


@dataclass(frozen=True)
class Eligibility:
    date_of_birth: date
    comorbidity: bool = False
    oku: bool = False
    pregnant: bool = False
    frontline: bool = False


@dataclass(frozen=True)
class Policy:
    version: str
    min_age: int
    phases: list[dict[str, Any]]

    def phase_for(self, who: Eligibility, on: date) -> int | None:
        age = age_on(who.date_of_birth, on)
        if age < self.min_age:
            return None
        facts = {
            "frontline": who.frontline,
            "comorbidity": who.comorbidity,
            "oku": who.oku,
            "pregnant": who.pregnant,
        }
        for phase in self.phases:
            for cond in phase.get("any", [{}]):
                if _matches(cond, facts, age):
                    return int(phase["phase"])
        return None


def _matches(cond: dict[str, Any], facts: dict[str, bool], age: int) -> bool:
    for key, want in cond.items():
        if key == "age_min" and age < want:
            return False
        if key == "age_max" and age > want:
            return False
        if key in facts and facts[key] != want:
            return False
    return True


def age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_group(born: date, on: date) -> str:
    age = age_on(born, on)
    if age < 5:
        return "under5"
    if age <= 11:
        return "children"
    if age <= 17:
        return "adolescents"
    if age >= 60:
        return "elderly"
    return "adults"


@lru_cache
def load(name: str | None = None) -> Policy:
    name = name or get_settings().priority_policy
    path = Path(name)
    if path.is_file():
        raw = tomllib.loads(path.read_text())
    else:
        raw = tomllib.loads(
            resources.files("sihat.registration").joinpath("policy", name).read_text()
        )
    return Policy(version=raw["version"], min_age=int(raw["min_age"]), phases=raw["phases"])
