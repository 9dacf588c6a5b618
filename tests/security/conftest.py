"""Security tests start with an empty event buffer (it is per process)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sihat.security.sink import SINK


@pytest.fixture(autouse=True)
def _empty_sink() -> Iterator[None]:
    SINK.clear()
    yield
    SINK.clear()
