"""The clock offset that the date-bomb run uses: the real clock moves ahead, a frozen clock
stays exact, and every process started with the variable agrees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from sihat.core import clock

PROBE = (
    "import json; from datetime import UTC, datetime; from sihat.core import clock; "
    "t = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)\n"
    "with clock.frozen(t):\n    frozen = clock.now().isoformat()\n"
    "print(json.dumps({'now': clock.now().isoformat(), 'frozen': frozen}))"
)


def _probe(offset_days: str | None) -> dict[str, datetime]:
    env = {k: v for k, v in os.environ.items() if k != "SIHAT_CLOCK_OFFSET_DAYS"}
    if offset_days is not None:
        env["SIHAT_CLOCK_OFFSET_DAYS"] = offset_days
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout
    return {k: datetime.fromisoformat(v) for k, v in json.loads(out).items()}


def test_offset_moves_the_real_clock_and_not_a_frozen_one() -> None:
    before = datetime.now(UTC)
    plain, shifted = _probe(None), _probe("400")
    after = datetime.now(UTC)
    assert before <= plain["now"] <= after
    assert before + timedelta(days=400) <= shifted["now"] <= after + timedelta(days=400)
    frozen_at = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    assert plain["frozen"] == shifted["frozen"] == frozen_at


def test_this_process_reads_the_same_offset() -> None:
    expected = timedelta(days=float(os.environ.get("SIHAT_CLOCK_OFFSET_DAYS") or 0))
    assert expected == clock.OFFSET
    assert abs(clock.now() - (datetime.now(UTC) + expected)) < timedelta(seconds=5)
