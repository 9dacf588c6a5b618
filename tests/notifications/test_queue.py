"""What is queued for a person: their language, quiet hours (deferred, never dropped), opt-out
only where allowed, the inbox copy, and billable segments."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications import segments
from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import inbox, messages_to, queue_sms, set_preferences
from tests.notifications import sms

PHONE = "+60191234567"
NIGHT = datetime(2021, 7, 5, 15, 30, tzinfo=UTC)  # 23:30 in Malaysia
DAY = datetime(2021, 7, 5, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia


def test_segments_gsm7_and_ucs2() -> None:
    malay = "sihat: temu janji vaksin 12/07/2021 di PPV Stadium Bukit Jalil. Terima di aplikasi."
    assert segments.encoding(malay) == "GSM-7" and segments.count(malay) == 1
    assert segments.count("a" * 160) == 1 and segments.count("a" * 161) == 2
    assert segments.count("a" * 306) == 2 and segments.count("a" * 307) == 3
    assert segments.count("{" * 80) == 1 and segments.count("{" * 81) == 2  # escapes count 2
    assert segments.encoding("kod anda ✓") == "UCS-2"
    assert segments.count("ü" * 160) == 1  # ü is in the GSM alphabet
    assert segments.count("✓" * 70) == 1 and segments.count("✓" * 71) == 2
    assert segments.count("✓" * 134) == 2 and segments.count("✓" * 135) == 3


def test_malay_by_default_english_when_chosen_inbox_in_both(session) -> None:
    with clock.frozen(DAY):
        first = sms(queue_sms(session, PHONE, "registration", channel="WEB"))
        set_preferences(session, PHONE, language="en", quiet_hours=True, opted_out=[])
        second = sms(queue_sms(session, PHONE, "registration", channel="WEB"))
    assert first.language == "ms" and "pendaftaran vaksinasi diterima" in first.body
    assert second.language == "en" and second.body.startswith("sihat: vaccination registration")
    session.flush()
    shown = inbox(session, PHONE)
    assert len(shown) == 2 and all(
        "diterima" in m.body_ms and "received" in m.body_en for m in shown
    )


def test_quiet_hours_defer_non_urgent_notices_only(session, settings) -> None:
    settings.notify_quiet_hours = (22, 7)
    with clock.frozen(NIGHT):
        late = sms(queue_sms(session, PHONE, "registration", channel="WEB"))
        code = sms(queue_sms(session, PHONE, "otp", code="123456", minutes=5))
    assert late.status == "PENDING"  # deferred, not dropped
    assert late.not_before == datetime(2021, 7, 5, 23, 0, tzinfo=UTC)  # 07:00 in Malaysia
    assert code.not_before is None and code.urgent
    with clock.frozen(DAY):
        assert sms(queue_sms(session, PHONE, "registration", channel="WEB")).not_before is None
        set_preferences(session, PHONE, language="ms", quiet_hours=False, opted_out=[])
    with clock.frozen(NIGHT):
        assert sms(queue_sms(session, PHONE, "registration", channel="WEB")).not_before is None


def test_opt_out_only_where_allowed(session) -> None:
    set_preferences(session, PHONE, language="ms", quiet_hours=True, opted_out=["registration"])
    assert queue_sms(session, PHONE, "registration", channel="WEB") is None
    session.flush()
    assert messages_to(session, PHONE) == []
    assert [m.template for m in inbox(session, PHONE)] == ["registration"]  # still in the inbox
    for not_optional in ("otp", "risk_exposure", "account_created"):
        with pytest.raises(Problem) as refused:
            set_preferences(
                session, PHONE, language="ms", quiet_hours=True, opted_out=[not_optional]
            )
        assert refused.value.code == "notify_not_optional"
    otp = queue_sms(session, PHONE, "otp", code="123456", minutes=5)
    assert isinstance(otp, OutboxMessage) and otp.expires_at is not None


def test_inbox_only_notice_is_never_an_sms(session) -> None:
    assert queue_sms(session, PHONE, "welcome") is None
    session.flush()
    assert messages_to(session, PHONE) == []
    assert [m.template for m in inbox(session, PHONE)] == ["welcome"]
