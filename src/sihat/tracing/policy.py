"""The casual-contact policy: a small versioned TOML file of the contract's defaults.

The package ships ``policies/casual-2021.toml`` (the contract's defaults); ``--policy FILE``
gives another. Every output names the policy ``version`` it used.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from sihat.tracing.errors import BadInput

POLICIES = Path(__file__).parent / "policies"
DEFAULT = POLICIES / "casual-2021.toml"


@dataclass(frozen=True)
class Policy:
    version: str
    infectious_days_before: int = 2
    default_isolation_hours: int = 24
    default_visit_minutes: int = 60
    linger_minutes: int = 30
    min_overlap_minutes: int = 1
    effective_from: dt.date | None = None

    def parameters(self) -> dict[str, int]:
        """The whole-number parameters the SQL reads (``${name}`` in ``sql/*.sql``)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("version", "effective_from")
        }


_NUMBERS = tuple(n for n in Policy.__dataclass_fields__ if n not in ("version", "effective_from"))


def load(path: Path | None = None) -> Policy:
    """The policy in ``path`` (default: the shipped one); a bad file is ``BadInput``."""
    path = path or DEFAULT
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(path.name, None, None, "policy file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise BadInput(path.name, None, None, f"not a TOML policy: {exc}") from None
    return from_mapping(data, path.name)


def from_mapping(data: dict[str, object], name: str = "policy") -> Policy:
    known = {"version", "effective_from", *_NUMBERS}
    for key in data:
        if key not in known:
            raise BadInput(name, None, key, "unknown policy setting")
    version = data.get("version")
    if not isinstance(version, str) or not version.strip():
        raise BadInput(name, None, "version", "a policy needs a non-empty version text")
    values: dict[str, int] = {}
    for key in _NUMBERS:
        if key in data:
            value = data[key]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise BadInput(name, None, key, "must be a whole number, 0 or more")
            values[key] = value
    effective = data.get("effective_from")
    if effective is not None and not isinstance(effective, dt.date):
        raise BadInput(name, None, "effective_from", "must be a date, YYYY-MM-DD")
    return Policy(version=version.strip(), effective_from=effective, **values)
