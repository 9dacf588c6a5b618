"""How many of each finding and look-alike to plant, and on which simulated people."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from sihat.audit.simulate.doses import DOSE_LOOKALIKES, DOSE_PLANTS
from sihat.audit.simulate.rates import REGISTRANTS

# The Auditor-General's figures (seed audit summary).
AUDIT = {
    "dup_individuals": 1_543,
    "dup_accounts": 3_108,
    "incomplete": 12_275,
    "after_closed": 28_735,
    "late": 1_262,
    "early": 203_846,
    "bulk_records": 3_000_000,
    "intrusions": 1_120_000,
}
# Namesakes (same name, birthday, sex; own MyKad and phone) and twins (same family name and
# birthday, own given name, MyKad and phone) are as many as the planted probable pairs.
ACCOUNT_LOOKALIKES = ("dup_inactive", "dup_unverified", "dup_no_dose", "namesake", "twin")


@dataclass
class SimulationConfig:
    seed: int = 1
    scale: float = 0.0005
    audit_numbers: bool = False
    threshold_days: int = 30
    bulk_threshold: int = 100_000
    probable_pairs: int | None = None  # default: scaled from 400 at the audit's size


@dataclass
class Plan:
    people: int
    counts: dict[str, int]
    dup_sizes: list[int]
    assign: dict[int, str] = field(default_factory=dict)
    dup_size_of: dict[int, int] = field(default_factory=dict)


def dup_sizes(individuals: int, accounts: int, rng: random.Random) -> list[int]:
    """Accounts per individual, each 2 to 7, summing exactly to ``accounts``."""
    if not 2 * individuals <= accounts <= 7 * individuals:
        raise ValueError("accounts must be between 2x and 7x the individuals")
    sizes = [2] * individuals
    extra = accounts - 2 * individuals
    # A few individuals hold many accounts, as in the audit ("two to seven").
    order = list(range(individuals))
    rng.shuffle(order)
    for i in order:
        if extra == 0:
            break
        add = min(extra, 5, rng.choice((1, 1, 1, 2, 3, 5)))
        sizes[i] += add
        extra -= add
    while extra:
        for i in order:
            if extra and sizes[i] < 7:
                sizes[i] += 1
                extra -= 1
    return sizes


def make_plan(config: SimulationConfig, rng: random.Random) -> Plan:
    s = config.scale

    def scaled(key: str, minimum: int) -> int:
        return AUDIT[key] if config.audit_numbers else max(minimum, round(AUDIT[key] * s))

    counts = {
        "early": scaled("early", 12),
        "late": scaled("late", 5),
        "after_closed": scaled("after_closed", 7),
        "incomplete": scaled("incomplete", 9),
        "outside_period": 517 if config.audit_numbers else max(4, round(517 * s * 20)),
        "unknown_ppv": 88 if config.audit_numbers else max(3, round(88 * s * 20)),
        "probable": 400 if config.audit_numbers else max(6, round(400 * s * 20)),
    }
    if config.probable_pairs is not None:
        counts["probable"] = config.probable_pairs
    look = 60 if config.audit_numbers else max(3, round(s * 6000))
    for kind in (*DOSE_LOOKALIKES, *ACCOUNT_LOOKALIKES):
        counts[kind] = look
    counts["namesake"] = counts["twin"] = max(look, counts["probable"])
    individuals = scaled("dup_individuals", 4)
    accounts = (
        AUDIT["dup_accounts"]
        if config.audit_numbers
        else math.ceil(individuals * AUDIT["dup_accounts"] / AUDIT["dup_individuals"]) + 3
    )
    sizes = dup_sizes(individuals, accounts, rng)
    counts["dup"] = individuals
    planted_people = sum(counts.values())
    people = max(round(REGISTRANTS * s), math.ceil(planted_people * 1.6), 500)
    plan = Plan(people, counts, sizes)
    chosen = rng.sample(range(1, people), planted_people)
    position = 0
    for kind in (*DOSE_PLANTS, "probable", *DOSE_LOOKALIKES, *ACCOUNT_LOOKALIKES, "dup"):
        for person in chosen[position : position + counts[kind]]:
            plan.assign[person] = kind
        position += counts[kind]
    dup_people = sorted(p for p, k in plan.assign.items() if k == "dup")
    plan.dup_size_of = dict(zip(dup_people, sizes, strict=True))
    return plan
