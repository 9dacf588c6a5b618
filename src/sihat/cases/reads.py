"""What the live tracing job reads for a batch of confirmed cases, in a few set-based queries.

For each case only the check-ins the rules (``tracing.md`` §1) can need are read: the case's
own from a day before its window to the window's end plus a visit length; every check-in at
the premises of those visits over the same span plus the linger; and those visitors' check-ins
anywhere up to another visit length later (rule 2's "next check-in"). For a batch these are
three kinds of statement, however many cases: the cases' own check-ins (one ``IN`` list of
people over the batch's span, cut to each case's range here), the check-ins at their premises
(one condition per case, ``OR``-ed, so each case reads only its own premises over its own
range), and the visitors' later check-ins (``IN`` lists over the batch's span). Reading a
little more than one case needs never changes its contacts: every row is a real check-in, and
the rows a case's rules can use are all inside its own ranges (a visit checked out explicitly
is taken to last at most :data:`LONG_STAY`, as in the one-case reading this replaces).

The check-ins are read through SQLAlchemy Core on the session's connection (no ORM objects)
and kept as columns: :func:`relevant_visits` gives an Arrow table (:data:`VISITS`, instants as
exact UTC microseconds) with one row per check-in, however many statements read it, which the
engine takes as a DuckDB relation. The household (close contacts) and rule 5's "already a
case" are read for the whole batch at once too. Only the columns the rules use are read;
nothing is decrypted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice
from operator import itemgetter
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    DateTime,
    String,
    Uuid,
    and_,
    cast,
    extract,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.checkins.models import CHECKINS, CheckIn
from sihat.core import clock
from sihat.core.db import among
from sihat.identity.access import current
from sihat.identity.models import Account, Dependent
from sihat.tracing.policy import Policy

LONG_STAY = timedelta(hours=24)  # a visit checked out explicitly may have begun this early
IN_LIST = 1000  # values per IN (...) list
OR_TERMS = 100  # cases per OR-ed premise condition
T = TypeVar("T")

# The columns of a read (Arrow): instants as UTC microseconds since 1970, as the engine takes them.
VISITS = pa.schema(
    [
        ("visit_id", pa.string()),
        ("individual", pa.string()),
        ("person_id", pa.string()),
        ("premise_id", pa.string()),
        ("checked_in_us", pa.int64()),
        ("checked_out_us", pa.int64()),
    ]
)
_US = pa.timestamp("us", tz="UTC")


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


def _columns(postgresql: bool) -> list[ColumnElement[Any]]:
    """The check-in columns the rules use, read without a Python step per value where the
    database can give them ready: the id as text, the instants (stored UTC) as whole
    microseconds. PostgreSQL computes them (``extract(epoch ...)`` is ``numeric`` since
    PostgreSQL 14, so exact); SQLite hands back naive UTC datetimes, which :func:`_table`
    converts at once. The ORM's ``UTCDateTime`` would call ``clock.as_utc`` on each."""
    c = CHECKINS.c
    instants: list[ColumnElement[Any]]
    if postgresql:
        ident: ColumnElement[Any] = cast(c.id, String)
        instants = [
            cast(extract("epoch", column) * literal_column("1000000"), BigInteger)
            for column in (c.checked_in_at, c.checked_out_at)
        ]
    else:
        ident = type_coerce(c.id, Uuid(as_uuid=False))  # the text form PostgreSQL gives
        instants = [
            type_coerce(column, DateTime()) for column in (c.checked_in_at, c.checked_out_at)
        ]
    return [ident, c.individual, c.person_id, c.premise_id, *instants]


def _table(rows: Sequence[Sequence[Any]]) -> pa.Table:
    """Rows of :func:`_columns` as an Arrow table of :data:`VISITS`, a column at a time."""
    # a column at a time (itemgetter: far quicker than transposing with zip(*rows))
    ids, individuals, people, premises, ins, outs = (
        list(map(itemgetter(i), rows)) for i in range(len(VISITS))
    )
    return pa.table(
        [
            pa.array(ids, pa.string()),
            pa.array(individuals, pa.string()),
            pa.array(people, pa.string()),
            pa.array(premises, pa.string()),
            # microseconds (PostgreSQL) are kept; naive datetimes (SQLite) are UTC
            pa.array(ins, _US).cast(pa.int64()),
            pa.array(outs, _US).cast(pa.int64()),
        ],
        schema=VISITS,
    )


def _read(conn: Connection, where: ColumnElement[bool]) -> pa.Table:
    """The check-ins ``where`` holds, through Core on the session's connection (no ORM)."""
    return _table(conn.execute(select(*_columns(_postgresql(conn))).where(where)).all())


def _postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def _of_people(
    conn: Connection, people: Iterable[str], span: tuple[datetime, datetime]
) -> Iterator[pa.Table]:
    """The check-ins of ``people`` (individual ids) in ``span``, ``IN_LIST`` people a statement."""
    for group in chunks(sorted(people), IN_LIST):
        yield _read(
            conn,
            and_(
                among(conn, CheckIn.individual, group),
                CheckIn.checked_in_at >= span[0],
                CheckIn.checked_in_at < span[1],
            ),
        )


def _span(spans: Sequence[tuple[datetime, datetime]]) -> tuple[datetime, datetime]:
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _us(moment: datetime) -> int:
    """An aware datetime as UTC microseconds since 1970."""
    delta = moment - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _last_of_each(table: pa.Table) -> pa.Table:
    """One row per ``visit_id``, the last read of it: a check-in read by two statements is one
    visit (and on PostgreSQL a later statement may see a later version of it)."""
    numbered = table.append_column("_n", pa.array(range(table.num_rows), pa.int64()))
    last = numbered.group_by("visit_id", use_threads=False).aggregate([("_n", "max")])
    return table.take(last["_n_max"])


def relevant_visits(session: Session, cases: Sequence[Case], policy: Policy) -> pa.Table:
    """Every check-in the contract's rules need to find these cases' casual contacts: an
    Arrow table of :data:`VISITS`, one row per check-in."""
    if not cases:
        return VISITS.empty_table()
    conn = session.connection()
    by_case = {case.id: ranges(case, policy) for case in cases}
    # 1. The cases' own check-ins, each cut to its case's range.
    people = {case.person_id for case in cases}
    own = pa.concat_tables(_of_people(conn, people, _span([r.own for r in by_case.values()])))
    rows: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # person -> (row, in, premise)
    for n, (individual, at, premise) in enumerate(
        zip(
            own["individual"].to_pylist(),
            own["checked_in_us"].to_pylist(),
            own["premise_id"].to_pylist(),
            strict=True,
        )
    ):
        rows[individual].append((n, at, premise))
    kept: set[int] = set()
    premises: list[tuple[set[str], tuple[datetime, datetime], tuple[datetime, datetime]]] = []
    for case in cases:
        r = by_case[case.id]
        low, high = _us(r.own[0]), _us(r.own[1])
        mine = [(n, premise) for n, at, premise in rows.get(case.person_id, []) if low <= at < high]
        kept.update(n for n, _ in mine)
        if mine:
            premises.append(({premise for _, premise in mine}, r.premises, r.later))
    found = [own.take(pa.array(sorted(kept), pa.int64()))]
    if premises:
        # 2. Every check-in at those premises, each case over its own range.
        visitors: set[str] = set()
        for part in chunks(premises, OR_TERMS):
            terms = [
                and_(
                    among(conn, CheckIn.premise_id, sorted(where)),
                    CheckIn.checked_in_at >= span[0],
                    CheckIn.checked_in_at < span[1],
                )
                for where, span, _later in part
            ]
            found.append(_read(conn, or_(*terms)))
            visitors.update(pc.unique(found[-1]["individual"]).to_pylist())
        # 3. Those visitors' check-ins anywhere, for their next check-in (rule 2).
        # (A case's person among them too: 1. read their check-ins only over their own range.)
        later = _span([later for _w, _s, later in premises])
        found.extend(_of_people(conn, visitors, later))
    return _last_of_each(pa.concat_tables(found))


def already_cases(session: Session, people: Iterable[str]) -> dict[str, datetime]:
    """Rule 5's "already a case": each person's earliest confirmed sample."""
    found: dict[str, datetime] = {}
    conn = session.connection()
    for group in chunks(sorted(set(people)), IN_LIST):
        rows = conn.execute(
            select(Case.person_id, Case.sample_at).where(
                among(conn, Case.person_id, group), Case.status == "CONFIRMED"
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
