"""The datasets an export may draw from: a registry other domains add to with :func:`register`.

A dataset names its fields and how sensitive each is, the filters it accepts, and a query
yielding ``(row_id, {field: value})``. The export service does the rest: count, cap,
pseudonymise (identity numbers masked, names and phones only when the approval allows),
the marker row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.identity.models import Account, Person
from sihat.registration.models import Registration

# How sensitive a field is: "identity" is always masked; "name" and "phone" are written only
# when the approver allows them; "plain" fields are written as they are.
SENSITIVITY = ("identity", "name", "phone", "plain")


@dataclass(frozen=True)
class Dataset:
    name: str
    title_en: str
    title_ms: str
    fields: dict[str, str]  # field -> sensitivity
    filters: dict[str, str]  # filter -> type: str, bool, date
    query: Callable[[dict[str, Any]], Select]  # columns: row_id, then the fields
    samples: dict[str, tuple[str, ...]]  # plausible values for the marker row, per field

    def count(self, session: Session, filters: dict[str, Any]) -> int:
        sub = self.query(filters).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)

    def rows(
        self, session: Session, filters: dict[str, Any], limit: int
    ) -> Iterator[tuple[str, dict[str, Any]]]:
        query = self.query(filters)
        first = next(iter(query.selected_columns))
        for row in session.execute(query.order_by(first).limit(limit)):
            values = row._mapping
            yield str(values["row_id"]), {f: values[f] for f in self.fields}


REGISTRY: dict[str, Dataset] = {}


def register(dataset: Dataset) -> None:
    REGISTRY[dataset.name] = dataset


def get(name: str) -> Dataset:
    found = REGISTRY.get(name)
    if found is None:
        raise Problem("export_unknown_dataset", field="dataset")
    return found


def parse_filters(dataset: Dataset, raw: dict[str, Any]) -> dict[str, Any]:
    """Check filter names and types; dates stay ISO strings (they are stored as JSON)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        kind = dataset.filters.get(key)
        ok = kind is not None and value is not None
        if ok and kind == "date":
            try:
                out[key] = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                ok = False
        elif ok and kind == "bool":
            ok = isinstance(value, bool)
            out[key] = value
        elif ok:
            ok = isinstance(value, str) and 0 < len(value) <= 60
            out[key] = value
        if not ok:
            raise Problem("export_bad_filter", field=f"filters.{key}", filter=key)
    return out


def _day_start(value: str, plus_days: int = 0) -> datetime:
    day = date.fromordinal(date.fromisoformat(value).toordinal() + plus_days)
    return datetime.combine(day, time(0), tzinfo=clock.MALAYSIA)


def _people(f: dict[str, Any]) -> Select:
    q: Select = select(
        Person.id.label("row_id"),
        Person.id_type.label("id_type"),
        Person.id_number.label("id_number"),
        Person.full_name.label("full_name"),
        func.extract("year", Person.date_of_birth).label("birth_year"),
        Person.sex.label("sex"),
        Person.state.label("state"),
        Person.district.label("district"),
        Person.verified_at.is_not(None).label("verified"),
    )
    if "state" in f:
        q = q.where(Person.state == f["state"])
    if "id_type" in f:
        q = q.where(Person.id_type == f["id_type"])
    if "verified" in f:
        q = q.where(
            Person.verified_at.is_not(None) if f["verified"] else Person.verified_at.is_(None)
        )
    return q


def _registrations(f: dict[str, Any]) -> Select:
    q: Select = select(
        Registration.id.label("row_id"),
        Person.id_number.label("id_number"),
        Person.full_name.label("full_name"),
        Registration.channel.label("channel"),
        Registration.registered_at.label("registered_at"),
        Registration.state.label("state"),
        Registration.district.label("district"),
        Registration.priority_phase.label("priority_phase"),
        Registration.comorbidity.label("comorbidity"),
        Registration.as_dependent.label("as_dependent"),
    ).join(Person, Person.id == Registration.person_id)
    if "channel" in f:
        q = q.where(Registration.channel == f["channel"])
    if "state" in f:
        q = q.where(Registration.state == f["state"])
    if "registered_from" in f:
        q = q.where(Registration.registered_at >= _day_start(f["registered_from"]))
    if "registered_to" in f:
        q = q.where(Registration.registered_at < _day_start(f["registered_to"], 1))
    return q


def _accounts(f: dict[str, Any]) -> Select:
    q: Select = select(
        Account.id.label("row_id"),
        Account.mysj_id.label("mysj_id"),
        Person.id_number.label("id_number"),
        Person.full_name.label("full_name"),
        Account.phone.label("phone"),
        Account.status.label("status"),
        Account.created_at.label("created_at"),
        Person.state.label("state"),
    ).join(Person, Person.id == Account.person_id)
    if "status" in f:
        q = q.where(Account.status == f["status"])
    if "state" in f:
        q = q.where(Person.state == f["state"])
    if "created_from" in f:
        q = q.where(Account.created_at >= _day_start(f["created_from"]))
    if "created_to" in f:
        q = q.where(Account.created_at < _day_start(f["created_to"], 1))
    return q


_STATES = ("Selangor", "Johor", "Sabah", "Perak", "Kedah", "W.P. Kuala Lumpur")
_NAMES = ("NUR AISYAH BINTI AHMAD", "TAN WEI MING", "MUTHU A/L RAMASAMY", "SITI HAJAR BINTI ALI")

register(
    Dataset(
        "people",
        "People (identity)",
        "Individu (identiti)",
        {
            "id_type": "plain",
            "id_number": "identity",
            "full_name": "name",
            "birth_year": "plain",
            "sex": "plain",
            "state": "plain",
            "district": "plain",
            "verified": "plain",
        },
        {"state": "str", "id_type": "str", "verified": "bool"},
        _people,
        {"id_type": ("MYKAD",), "full_name": _NAMES, "sex": ("F", "M"), "state": _STATES},
    )
)
register(
    Dataset(
        "registrations",
        "Vaccination registrations",
        "Pendaftaran vaksinasi",
        {
            "id_number": "identity",
            "full_name": "name",
            "channel": "plain",
            "registered_at": "plain",
            "state": "plain",
            "district": "plain",
            "priority_phase": "plain",
            "comorbidity": "plain",
            "as_dependent": "plain",
        },
        {"channel": "str", "state": "str", "registered_from": "date", "registered_to": "date"},
        _registrations,
        {"full_name": _NAMES, "channel": ("MYSJ", "WEB", "WALKIN"), "state": _STATES},
    )
)
register(
    Dataset(
        "accounts",
        "MySejahtera accounts",
        "Akaun MySejahtera",
        {
            "mysj_id": "identity",
            "id_number": "identity",
            "full_name": "name",
            "phone": "phone",
            "status": "plain",
            "created_at": "plain",
            "state": "plain",
        },
        {"status": "str", "state": "str", "created_from": "date", "created_to": "date"},
        _accounts,
        {"full_name": _NAMES, "status": ("ACTIVE",), "state": _STATES},
    )
)
