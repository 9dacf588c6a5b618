"""What a premise door shows about vaccination: ``complete``, ``partial`` or ``none`` for each
person, from the doses that stand (a dose whose amendment was approved is replaced or void).
Plugged into the check-in domain and MyRisk by ``sihat.bootstrap`` (neither imports
vaccination)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from sihat.core.db import one_of
from sihat.vaccination import vaccines


def door_status(session: Session, person_ids: Sequence[str]) -> Mapping[str, str]:
    """One query for a whole batch of people; writes nothing."""
    # Raw SQL with the ids as one parameter: this runs once per check-in batch, where
    # building the ORM statement cost more than the query (see checkins.batch).
    where, listed = one_of(session.connection(), "person_id", "people", person_ids)
    rows = session.execute(
        text(
            f"SELECT person_id, product, dose_number FROM dose_records WHERE {where}"
            " AND id NOT IN (SELECT dose_id FROM dose_amendments WHERE status = 'APPROVED')"
        ),
        {"people": listed},
    ).all()
    given: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for person_id, product, number in rows:
        given[person_id].append((product, number))
    policy = vaccines.load()
    out: dict[str, str] = {}
    for person_id in person_ids:
        doses = given.get(person_id)
        if not doses:
            out[person_id] = "none"
            continue
        first = min(doses, key=lambda d: d[1])[0]
        needed = policy.product(first).primary_doses
        numbers = {n for _p, n in doses}
        out[person_id] = (
            "complete" if all(n in numbers for n in range(1, needed + 1)) else "partial"
        )
    return out


def fully_vaccinated(session: Session, person_ids: Sequence[str]) -> set[str]:
    """Of ``person_ids``, those whose primary series is complete (MyRisk's shorter isolation)."""
    return {p for p, status in door_status(session, person_ids).items() if status == "complete"}
