"""Durability: a server killed (SIGKILL) in the middle of a load loses no check-in it
acknowledged. The server runs as production runs it (``python -m sihat serve``)."""

from __future__ import annotations

import threading
import time

from sihat.checkins import loadclient, simulate
from tests.servers import kill, serve


def test_sigkill_mid_load_loses_no_acknowledged_checkin(fresh_database) -> None:
    with fresh_database.unit_of_work() as session:
        phones = simulate.prepare(session, accounts=400, premise_count=40)
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    proc, base = serve(url)
    offsets = [i / 400 for i in range(6000)]  # 400/s for up to 15 s; the kill comes first
    live = loadclient.Result()
    load = threading.Thread(
        target=loadclient.run_sync,
        args=(base, simulate.request_factory(phones), offsets, 48),
        kwargs={"keep_bodies": True, "result": live},
    )
    try:
        load.start()
        deadline = time.monotonic() + 60
        while live.ok() < 200 and time.monotonic() < deadline:  # mid-load, however busy the box
            time.sleep(0.01)
        kill(proc)  # the server and its worker processes
        time.sleep(0.3)  # phones keep scanning into the dead server for a moment
        live.stopped = True
        load.join(120)
    finally:
        if proc.poll() is None:
            kill(proc)
    result = live
    acknowledged = simulate.acknowledged_ids(result)
    assert len(acknowledged) >= 200, "the load should have been acknowledged before the kill"
    assert result.errors > 0, "the kill should have cut requests off mid-load"
    fresh_database.engine.dispose()  # read as a new process would, after recovery
    assert simulate.stored(fresh_database, acknowledged) == len(set(acknowledged))
