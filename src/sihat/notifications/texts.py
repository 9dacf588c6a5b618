"""What each notice says, in Malay and in English, and how it may be sent.

A notice (``Notice``) has a text per language and a policy: its channels (``sms``, ``inbox``;
an inbox-only notice is never an SMS), whether it is urgent (urgent ones ignore quiet hours),
whether a person may opt out of it by SMS (one-time codes, account-security and risk notices
may not), and how long it is worth sending (an OTP older than its validity is EXPIRED, never
sent). Domains above define their notices here with :func:`define` at import.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("ms", "en")


@dataclass(frozen=True)
class Notice:
    ms: str
    en: str
    channels: tuple[str, ...] = ("sms", "inbox")
    urgent: bool = False
    optional: bool = True
    validity_seconds: int | None = None  # None: worth sending whenever it goes

    def text(self, language: str, **params: object) -> str:
        return (self.en if language == "en" else self.ms).format(**params)


NOTICES: dict[str, Notice] = {}


def define(name: str, ms: str, en: str, **policy: object) -> Notice:
    notice = Notice(ms, en, **policy)  # type: ignore[arg-type]
    NOTICES[name] = notice
    return notice


def notice(name: str) -> Notice:
    return NOTICES[name]


define(
    "otp",
    "sihat: kod anda {code} (sah {minutes} minit). Jangan kongsi kod ini.",
    "sihat: your code is {code} (valid {minutes} min). Do not share this code.",
    channels=("sms",),
    urgent=True,
    optional=False,
    validity_seconds=300,  # replaced by SIHAT_OTP_TTL_SECONDS when queued
)
define(
    "account_created",
    "sihat: akaun {mysj_id} dicipta.",
    "sihat: account {mysj_id} created.",
    urgent=True,
    optional=False,
)
define(
    "registration",
    "sihat: pendaftaran vaksinasi diterima ({channel}).",
    "sihat: vaccination registration received ({channel}).",
)
define(
    "welcome",
    "Selamat datang ke sihat. Notis anda muncul di sini; SMS hanya untuk yang penting.",
    "Welcome to sihat. Your notices appear here; SMS only for what matters.",
    channels=("inbox",),
)
