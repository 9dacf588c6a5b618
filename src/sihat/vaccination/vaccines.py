"""Vaccine products and the dose-sequence rules, read from a versioned policy file.

The rules decide, for a person's next dose, whether it is allowed and which CITF slot it
fills: 1 first dose of a two-dose series (partial), 2 the dose completing the primary series
(full; the only dose of a single-dose vaccine), 3 the first booster, 4 the second.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path

from sihat.core.errors import Problem
from sihat.core.settings import get_settings

RULES: dict[str, tuple[str, str]] = {
    "already_given": ("this dose number was already given", "nombor dos ini sudah diberi"),
    "skipped": ("an earlier dose is missing", "dos terdahulu tiada"),
    "interval": (
        "the minimum interval since the last dose has not passed",
        "tempoh minimum sejak dos terakhir belum berlalu",
    ),
    "mix": (
        "this product may not follow the earlier doses",
        "produk ini tidak boleh diberi selepas dos terdahulu",
    ),
    "not_booster": ("this product is not used as a booster", "produk ini bukan dos penggalak"),
    "too_many": ("no further dose is due", "tiada dos lagi diperlukan"),
}


@dataclass(frozen=True)
class Product:
    code: str
    name: str
    key: str
    aefi_key: str
    manufacturer: str
    prophylaxis: str
    primary_doses: int
    interval_days: int
    min_age: int
    max_age: int
    booster: bool


@dataclass(frozen=True)
class Given:
    """A dose already counted for the person."""

    dose_number: int
    product: str
    on: date


@dataclass(frozen=True)
class Policy:
    version: str
    products: dict[str, Product]
    booster_interval_days: int
    max_boosters: int
    primary_mix: frozenset[tuple[str, str]]

    def product(self, code: str) -> Product:
        found = self.products.get(code)
        if found is None:
            raise Problem("invalid_input", field="product")
        return found

    def next_slot(self, given: list[Given], dose_number: int, product: str, on: date) -> int:
        """The slot the dose fills, or ``dose_sequence`` with the rule it breaks."""
        this = self.product(product)
        if dose_number <= len(given):
            raise _sequence("already_given")
        if dose_number > len(given) + 1:
            raise _sequence("skipped")
        if not given:
            return 2 if this.primary_doses == 1 else 1
        first = self.product(given[0].product)
        last = given[-1]
        gap = (on - last.on).days
        if dose_number <= first.primary_doses:
            if product != last.product and (last.product, product) not in self.primary_mix:
                raise _sequence("mix")
            if gap < self.product(last.product).interval_days:
                raise _sequence("interval")
            return 2 if dose_number == first.primary_doses else 1
        booster = dose_number - first.primary_doses
        if booster > self.max_boosters:
            raise _sequence("too_many")
        if not this.booster:
            raise _sequence("not_booster")
        if gap < self.booster_interval_days:
            raise _sequence("interval")
        return 2 + booster

    def check_age(self, product: str, age: int) -> None:
        this = self.product(product)
        if age < this.min_age or (this.max_age and age > this.max_age):
            raise Problem(
                "product_age_limit",
                field="product",
                min_age=this.min_age,
                product_name=this.name,
            )

    def by_key(self) -> dict[str, Product]:
        return {p.key: p for p in self.products.values()}


def _sequence(rule: str) -> Problem:
    en, ms = RULES[rule]
    return Problem("dose_sequence", field="dose_number", rule=rule, rule_en=en, rule_ms=ms)


@lru_cache
def load(name: str | None = None) -> Policy:
    name = name or get_settings().vaccine_policy
    path = Path(name)
    if path.is_file():
        raw = tomllib.loads(path.read_text())
    else:
        raw = tomllib.loads(
            resources.files("sihat.vaccination").joinpath("policy", name).read_text()
        )
    products = {p["code"]: Product(**p) for p in raw["products"]}
    return Policy(
        version=raw["version"],
        products=products,
        booster_interval_days=int(raw["booster_interval_days"]),
        max_boosters=int(raw["max_boosters"]),
        primary_mix=frozenset((a, b) for a, b in raw.get("primary_mix", [])),
    )
