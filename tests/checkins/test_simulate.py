"""``sihat simulate checkins`` against a real server: a day's shape replayed through the API,
and what was acknowledged found in the database."""

from __future__ import annotations

from datetime import date

from sihat.checkins import simulate
from tests.servers import kill, serve


def test_a_replayed_day_is_acknowledged_and_stored(fresh_database) -> None:
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    proc, base = serve(url)
    try:
        report = simulate.run(
            url=base,
            checkins=240,
            seconds=2.0,
            phones=16,
            accounts=60,
            premise_count=12,
            day=date(2021, 12, 4),
            database=fresh_database,
        )
    finally:
        kill(proc)
    assert report.day == date(2021, 12, 4)
    assert report.result.ok() >= 200  # the half-hour shares round to about 240
    assert report.acknowledged > 0 and report.acknowledged_missing == 0
    assert report.stored == report.acknowledged <= report.rows_in_table
    text = report.text()
    assert "replayed the shape of 2021-12-04" in text and "missing: 0" in text


def test_the_shape_follows_moh_half_hours() -> None:
    day, weights = simulate.shape(date(2021, 12, 4))
    assert day == date(2021, 12, 4) and len(weights) == 48
    times = simulate.offsets(4800, 48.0, weights)
    per_slot = [sum(1 for t in times if i <= t < i + 1) for i in range(48)]
    busiest, quietest = weights.index(max(weights)), weights.index(min(weights))
    assert per_slot[busiest] > per_slot[quietest]
    assert abs(len(times) - 4800) <= 48  # each slot's share is rounded
