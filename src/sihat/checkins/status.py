"""What the premise door shows for each person checked in: a colour, never personal data.

Other domains plug in here instead of ``checkins`` importing them (domains depend downward):
the vaccination domain registers a provider that answers ``complete`` / ``partial`` / ``none``
for a batch of person ids, and later the risk domain one that answers ``high_risk`` etc. Until a
provider is registered, or for a person a provider does not know (a manual visitor has no
person), the answer is ``unknown`` (grey).

A provider is called once per group-commit batch with every person in it, inside the batch's
transaction, so it must answer with one query and must not write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from sqlalchemy.orm import Session

Provider = Callable[[Session, Sequence[str]], Mapping[str, str]]

# status -> (colour, Malay, English); later providers win for the same person
STATUSES: dict[str, tuple[str, str, str]] = {
    "complete": ("green", "Vaksinasi lengkap", "Fully vaccinated"),
    "partial": ("yellow", "Vaksinasi separa", "Partially vaccinated"),
    "none": ("orange", "Belum divaksin", "Not vaccinated"),
    "high_risk": ("red", "Berisiko tinggi", "High risk"),
    "unknown": ("grey", "Status tidak diketahui", "Status unknown"),
}

_providers: list[Provider] = []


def register_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unregister_provider(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def statuses(session: Session, person_ids: Sequence[str]) -> dict[str, str]:
    """``person_id -> status`` for every id given (``unknown`` where nobody knows)."""
    out = dict.fromkeys(person_ids, "unknown")
    if not person_ids:
        return out
    for provider in _providers:
        for person_id, status in provider(session, person_ids).items():
            if person_id in out and status in STATUSES:
                out[person_id] = status
    return out


def door(status: str) -> dict[str, str]:
    colour, ms, en = STATUSES.get(status, STATUSES["unknown"])
    return {"status": status, "colour": colour, "label_ms": ms, "label_en": en}
