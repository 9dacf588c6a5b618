"""DCC 1.3 JSON-schema validation and the bundled EU value sets.

The schema (``data/DCC.combined-schema.json``) is applied as published. It only names its value
sets (``valueset-uri``), so their codes are checked here too (:func:`value_set_errors`), from
the bundled copies of the EU value sets.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_FILE = "DCC.combined-schema.json"
_GROUPS = ("v", "t", "r")


def _data(name: str) -> Any:
    return json.loads(resources.files("sihat.certificates").joinpath("data", name).read_text())


@cache
def _validator(strict_formats: bool) -> Draft202012Validator:
    schema = _data(SCHEMA_FILE)
    Draft202012Validator.check_schema(schema)
    if strict_formats:
        checker = FormatChecker(formats=("date",))
        return Draft202012Validator(schema, format_checker=checker)
    return Draft202012Validator(schema)


@cache
def value_set(name: str) -> dict[str, dict[str, Any]]:
    """``name`` is the file stem, e.g. ``vaccine-medicinal-product``."""
    values: dict[str, dict[str, Any]] = _data(f"valuesets/{name}.json")["valueSetValues"]
    return values


def schema_errors(dcc: Any, *, strict: bool = False) -> list[str]:
    """Every schema violation, as ``path: message``; empty when valid.

    A verifier applies the schema as published, with ``format`` as an annotation (the JSON
    Schema 2020-12 default): certificates in circulation carry e.g. ``dt`` with a time of day,
    and value sets change after certificates are issued. ``strict`` (sihat's own issuing) also
    asserts ``format: date`` and that every code is in the bundled value sets.
    """
    problems = [
        f"{'/'.join(str(p) for p in error.absolute_path) or '$'}: {error.message}"
        for error in _validator(strict).iter_errors(dcc)
    ]
    if isinstance(dcc, dict):
        if sum(1 for g in _GROUPS if g in dcc) > 1:
            problems.append("$: more than one of v, t, r")
        if strict:
            problems.extend(value_set_errors(dcc))
    return problems


# Value-set checks per group. The RAT device list (test ``ma``) changes weekly and is not bundled.
_VALUE_SETS = {
    "v": {
        "tg": "disease-agent-targeted",
        "vp": "vaccine-prophylaxis",
        "mp": "vaccine-medicinal-product",
        "ma": "vaccine-mah-manf",
        "co": "country-2-codes",
    },
    "t": {
        "tg": "disease-agent-targeted",
        "tt": "test-type",
        "tr": "test-result",
        "co": "country-2-codes",
    },
    "r": {"tg": "disease-agent-targeted", "co": "country-2-codes"},
}


def value_set_errors(dcc: dict[str, Any]) -> list[str]:
    """Codes that are not in the bundled EU value sets (deprecated codes still count)."""
    problems = []
    for group, fields in _VALUE_SETS.items():
        entries = dcc.get(group)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            for key, set_name in fields.items():
                if key in entry and entry[key] not in value_set(set_name):
                    problems.append(f"{group}/{index}/{key}: {entry[key]!r} not in {set_name}")
    return problems


def certificate_type(dcc: dict[str, Any]) -> str | None:
    """``v``, ``t`` or ``r`` when exactly one group is present."""
    present = [g for g in _GROUPS if g in dcc]
    return present[0] if len(present) == 1 else None
