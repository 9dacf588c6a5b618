"""Malaysian states (in the order of the CITF/MoH open data) and their populations."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources


@lru_cache
def states() -> list[dict[str, int | str]]:
    """The 16 states and federal territories with ``pop``, ``pop_18`` and ``pop_60``."""
    text = resources.files("sihat.core").joinpath("data/population.csv").read_text()
    rows = [
        {
            "state": r["state"],
            "pop": int(r["pop"]),
            "pop_18": int(r["pop_18"]),
            "pop_60": int(r["pop_60"]),
        }
        for r in csv.DictReader(text.splitlines())
    ]
    return [r for r in rows if r["state"] != "Malaysia"]


def state_names() -> list[str]:
    return [str(r["state"]) for r in states()]


@lru_cache
def districts() -> dict[str, list[str]]:
    import json

    text = resources.files("sihat.core").joinpath("data/districts.json").read_text()
    return dict(json.loads(text))
