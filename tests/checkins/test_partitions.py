"""Day partitions: Malaysian day bounds, creation ahead, and migrations that ignore them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sihat.checkins import partitions
from sihat.models import metadata


def test_a_malaysian_day_is_16_00_utc_to_16_00_utc() -> None:
    start, end = partitions.day_bounds(date(2021, 7, 1))
    assert start == datetime(2021, 6, 30, 16, 0, tzinfo=UTC)
    assert end == datetime(2021, 7, 1, 16, 0, tzinfo=UTC)
    assert partitions.is_partition("checkins_d20210701")
    assert not partitions.is_partition("checkins") and not partitions.is_partition("checkins_x")


def test_partitions_made_ahead_are_invisible_to_autogenerate(fresh_database) -> None:
    engine = fresh_database.engine
    with engine.begin() as conn:
        made = partitions.ensure_ahead(conn, ahead=3)
        assert partitions.ensure_ahead(conn, ahead=3) == []
        if engine.dialect.name == "postgresql":
            assert len(made) == 5 and set(made) <= set(partitions.existing(conn))
        else:
            assert made == [] and partitions.existing(conn) == {}
    with engine.connect() as conn:
        plain = MigrationContext.configure(conn, opts={"compare_type": True})
        filtered = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_name": partitions.include_name}
        )
        assert compare_metadata(filtered, metadata) == []
        if engine.dialect.name == "postgresql":  # what env.py's filter is there for
            assert any(d[0] == "remove_table" for d in compare_metadata(plain, metadata))
