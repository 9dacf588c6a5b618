"""The writer inserts plain tuples (``store.insert``) for speed: what it stores must be
exactly what an ORM insert of the same check-in stores, or reads, comparisons and purges that
go through the ORM would miss its rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from sihat.checkins import batch, partitions, store
from sihat.checkins.models import CheckIn
from sihat.core import clock

AT = datetime(2026, 11, 20, 2, 0, 0, 123456, tzinfo=UTC)


def test_writer_rows_are_stored_as_orm_rows(session) -> None:
    partitions.ensure(session.connection(), {clock.malaysia_date(AT)})
    values = {
        "checked_in_at": AT,
        "premise_id": "premise-1",
        "state": "Selangor",
        "individual": "person-1",
        "person_id": None,
        "account_id": "account-1",
        "method": "MANUAL",
        "visitor_name": "Siti Aminah",
        "visitor_phone": "+60123456789",
        "checked_out_at": AT + timedelta(minutes=5),
        "closed_by": "NEXT",
    }
    by_orm, by_writer = batch.visit_id(AT), batch.visit_id(AT)
    session.add(CheckIn(id=by_orm, **values))
    session.flush()
    store.insert(session.connection(), [{"id": by_writer, **values}])
    raw = session.execute(
        text("SELECT id, checked_in_at, checked_out_at, visitor_name FROM checkins")
    ).all()
    assert len(raw) == 2
    orm_raw, writer_raw = sorted(raw, key=lambda r: str(r[0]) != str(by_orm).replace("-", ""))
    assert type(orm_raw[0]) is type(writer_raw[0]) and len(str(orm_raw[0])) == len(
        str(writer_raw[0])
    )
    assert orm_raw[1:3] == writer_raw[1:3]  # the same stored instants, in the same form
    assert writer_raw[3] != values["visitor_name"]  # encrypted at rest, like the ORM's
    session.expire_all()
    found = {c.id: c for c in session.scalars(select(CheckIn))}
    for visit in (by_orm, by_writer):
        row = found[visit]
        session.refresh(row)  # found again by its primary key
        assert (row.checked_in_at, row.checked_out_at) == (AT, AT + timedelta(minutes=5))
        assert (row.visitor_name, row.visitor_phone) == ("Siti Aminah", "+60123456789")
    assert session.scalar(
        select(CheckIn.id).where(CheckIn.checked_in_at == AT, CheckIn.id == by_writer)
    )
