"""What the live tracing job reads for a batch of confirmed cases, in a few set-based queries.

For each case only the check-ins the rules (``tracing.md`` §1) can need are read: the case's
own from a day before its window to the window's end plus a visit length; every check-in at
the premises of those visits over the same span plus the linger; and those visitors' check-ins
anywhere up to another visit length later (rule 2's "next check-in"). For a batch this is three
statements, however many cases: the cases' own check-ins (one ``IN`` list of people over the
batch's span, cut to each case's range here), the check-ins at their premises (one condition
per case, ``OR``-ed, so each case reads only its own premises over its own range), and the
visitors' later check-ins (``IN`` lists over the batch's span). Reading a little more than one
case needs never changes its contacts: every row is a real check-in, and the rows a case's
rules can use are all inside its own ranges (a visit checked out explicitly is taken to last
at most :data:`LONG_STAY`, as in the one-case reading this replaces).

The household (close contacts) and rule 5's "already a case" are read for the whole batch at
once too. Only the columns the rules use are read; nothing is decrypted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import TypeVar

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.checkins.models import CheckIn
from sihat.core import clock
from sihat.identity.access import current
from sihat.identity.models import Account, Dependent
from sihat.tracing.policy import Policy

LONG_STAY = timedelta(hours=24)  # a visit checked out explicitly may have begun this early
IN_LIST = 1000  # values per IN (...) list
OR_TERMS = 100  # cases per OR-ed premise condition
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Seen:
    """A check-in as the rules read it."""

    id: str
    individual: str
    person_id: str | None
    premise_id: str
    checked_in_at: datetime
    checked_out_at: datetime | None

    def row(self) -> dict[str, object]:
        """The engine's visit row."""
        return {
            "visit_id": self.id,
            "individual": self.individual,
            "premise_id": self.premise_id,
            "checked_in_at": self.checked_in_at,
            "checked_out_at": self.checked_out_at,
        }


@dataclass(frozen=True)
class Ranges:
    """The instants a case's rules can need, per kind of read."""

    own: tuple[datetime, datetime]
    premises: tuple[datetime, datetime]
    later: tuple[datetime, datetime]


def window(case: Case, policy: Policy) -> tuple[datetime, datetime]:
    """Rule 1: the case's infectious window [start, end)."""
    p = policy.parameters()
    start = (case.onset_at or case.sample_at) - timedelta(days=p["infectious_days_before"])
    end = case.isolated_at or case.sample_at + timedelta(hours=p["default_isolation_hours"])
    return clock.as_utc(start), clock.as_utc(end)


def ranges(case: Case, policy: Policy) -> Ranges:
    p = policy.parameters()
    visit = timedelta(minutes=p["default_visit_minutes"])
    linger = timedelta(minutes=p["linger_minutes"])
    start, end = window(case, policy)
    low = start - LONG_STAY
    return Ranges((low, end + visit), (low, end + visit + linger), (low, end + 2 * visit + linger))


def chunks(values: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


_COLUMNS = (
    CheckIn.id,
    CheckIn.individual,
    CheckIn.person_id,
    CheckIn.premise_id,
    CheckIn.checked_in_at,
    CheckIn.checked_out_at,
)


def _read(session: Session, where: object) -> Iterator[Seen]:
    for id_, individual, person_id, premise_id, at, out in session.execute(
        select(*_COLUMNS).where(where)  # type: ignore[arg-type]
    ):
        yield Seen(
            str(id_),
            individual,
            person_id,
            premise_id,
            clock.as_utc(at),
            clock.as_utc(out) if out is not None else None,
        )


def _of_people(
    session: Session, people: Iterable[str], span: tuple[datetime, datetime]
) -> Iterator[Seen]:
    """The check-ins of ``people`` (individual ids) in ``span``, ``IN_LIST`` people a statement."""
    for group in chunks(sorted(people), IN_LIST):
        yield from _read(
            session,
            and_(
                CheckIn.individual.in_(group),
                CheckIn.checked_in_at >= span[0],
                CheckIn.checked_in_at < span[1],
            ),
        )


def _within(at: datetime, span: tuple[datetime, datetime]) -> bool:
    return span[0] <= at < span[1]


def _span(spans: Sequence[tuple[datetime, datetime]]) -> tuple[datetime, datetime]:
    return min(s[0] for s in spans), max(s[1] for s in spans)


def relevant_visits(session: Session, cases: Sequence[Case], policy: Policy) -> list[Seen]:
    """Every check-in the contract's rules need to find these cases' casual contacts."""
    if not cases:
        return []
    found: dict[str, Seen] = {}
    by_case = {case.id: ranges(case, policy) for case in cases}
    # 1. The cases' own check-ins, each cut to its case's range.
    people = {case.person_id for case in cases}
    own: dict[str, list[Seen]] = defaultdict(list)
    for seen in _of_people(session, people, _span([r.own for r in by_case.values()])):
        own[seen.individual].append(seen)
    premises: list[tuple[set[str], tuple[datetime, datetime], tuple[datetime, datetime]]] = []
    for case in cases:
        r = by_case[case.id]
        mine = [v for v in own.get(case.person_id, []) if _within(v.checked_in_at, r.own)]
        found.update((v.id, v) for v in mine)
        if mine:
            premises.append(({v.premise_id for v in mine}, r.premises, r.later))
    if not premises:
        return list(found.values())
    # 2. Every check-in at those premises, each case over its own range.
    visitors: set[str] = set()
    for part in chunks(premises, OR_TERMS):
        terms = [
            and_(
                CheckIn.premise_id.in_(sorted(where)),
                CheckIn.checked_in_at >= span[0],
                CheckIn.checked_in_at < span[1],
            )
            for where, span, _later in part
        ]
        for seen in _read(session, or_(*terms)):
            found[seen.id] = seen
            visitors.add(seen.individual)
    # 3. Those visitors' check-ins anywhere, for their next check-in (rule 2).
    # (A case's person among them too: 1. read their check-ins only over their own range.)
    for seen in _of_people(session, visitors, _span([later for _w, _s, later in premises])):
        found[seen.id] = seen
    return list(found.values())


def already_cases(session: Session, people: Iterable[str]) -> dict[str, datetime]:
    """Rule 5's "already a case": each person's earliest confirmed sample."""
    found: dict[str, datetime] = {}
    for group in chunks(sorted(set(people)), IN_LIST):
        rows = session.execute(
            select(Case.person_id, Case.sample_at).where(
                Case.person_id.in_(group), Case.status == "CONFIRMED"
            )
        )
        for person_id, sample_at in rows:
            at = clock.as_utc(sample_at)
            found[person_id] = min(found.get(person_id, at), at)
    return found


def households(session: Session, people: Iterable[str]) -> dict[str, set[str]]:
    """``identity.access.household`` for many people at once: for each, the people their
    account looks after and, when they are someone's current dependent, that guardian and the
    guardian's other dependents (never the person themself)."""
    wanted = sorted(set(people))
    guardians: dict[str, set[str]] = defaultdict(set)  # person -> accounts whose household
    for group in chunks(wanted, IN_LIST):
        own = select(Account.person_id, Account.id).where(
            Account.person_id.in_(group), Account.status == "ACTIVE"
        )
        ward = select(Dependent.person_id, Dependent.guardian_account_id).where(
            Dependent.person_id.in_(group), current()
        )
        for person_id, account_id in [*session.execute(own), *session.execute(ward)]:
            guardians[person_id].add(account_id)
    accounts = sorted({a for found in guardians.values() for a in found})
    members: dict[str, set[str]] = defaultdict(set)  # account -> its person and dependents
    for group in chunks(accounts, IN_LIST):
        for account_id, person_id in session.execute(
            select(Dependent.guardian_account_id, Dependent.person_id).where(
                Dependent.guardian_account_id.in_(group), current()
            )
        ):
            members[account_id].add(person_id)
        for account_id, person_id in session.execute(
            select(Account.id, Account.person_id).where(Account.id.in_(group))
        ):
            members[account_id].add(person_id)
    result: dict[str, set[str]] = {}
    for person in wanted:
        found = set()
        for account_id in guardians.get(person, ()):
            found |= members.get(account_id, set())
        found.discard(person)
        result[person] = found
    return result
