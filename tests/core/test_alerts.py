"""Refusals reported through ``core.alerts`` reach whoever writes after the request (the
security domain), including those reported before it was installed."""

from __future__ import annotations

import pytest

from sihat.core import alerts


def test_a_refusal_waits_for_its_writer_and_is_never_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(alerts, "_deliver", None)
    monkeypatch.setattr(alerts, "_waiting", [])
    first = alerts.Refusal("EXPORT_REFUSED", "192.0.2.1", "exports:above_cap", lambda: None)
    second = alerts.Refusal("EXPORT_REFUSED", None, "exports:quota_exceeded", lambda: None)
    delivered: list[alerts.Refusal] = []
    alerts.report_refusal(first)
    assert delivered == []
    alerts.deliver_refusals_to(delivered.append)
    assert delivered == [first]
    alerts.report_refusal(second)
    assert delivered == [first, second]


def test_the_security_domain_writes_refusals() -> None:
    from sihat.security import service

    assert alerts._deliver is service._deliver_refusal
