"""Refusals reported through ``core.alerts`` reach whoever writes after the request (the
security domain, installed by the bootstrap); before that, reporting one is an error."""

from __future__ import annotations

import pytest

from sihat.core import alerts


def test_a_refusal_goes_to_its_writer_and_is_never_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(alerts, "_deliver", None)
    refusal = alerts.Refusal("EXPORT_REFUSED", "192.0.2.1", "exports:above_cap", lambda: None)
    with pytest.raises(RuntimeError, match=r"before sihat\.bootstrap\.boot"):
        alerts.report_refusal(refusal)
    delivered: list[alerts.Refusal] = []
    alerts.deliver_refusals_to(delivered.append)
    alerts.report_refusal(refusal)
    assert delivered == [refusal]


def test_the_bootstrap_installs_the_security_domain_as_the_writer() -> None:
    from sihat.security import service

    assert alerts._deliver is service.deliver_refusal
