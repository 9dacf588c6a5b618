"""The person's side of notifications: the in-app inbox (page ``/inbox`` and JSON API), their
message preferences (language, quiet hours, optional notices) and Web Push subscriptions.
Routes only: the caller is identified here (identity knows accounts), the rules are in
``notifications.service``, keyed by the account's phone."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request, Response, status
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.errors import Problem
from sihat.core.settings import Settings
from sihat.core.web import DB, page, render, settings_of
from sihat.identity.deps import Caller, current_caller, optional_caller
from sihat.notifications import service as notifications
from sihat.notifications import texts
from sihat.notifications.models import InboxMessage
from sihat.notifications.schemas import (
    InboxItemOut,
    PreferencesIn,
    PreferencesOut,
    PushKeyOut,
    PushSubscriptionIn,
)

api = APIRouter(prefix="/api/v1", tags=["inbox"])
pages = APIRouter(include_in_schema=False)

i18n.register(
    {
        "inbox.title": ("Peti masuk", "Inbox"),
        "inbox.empty": ("Tiada mesej.", "No messages."),
        "inbox.mark_read": ("Tanda sudah dibaca", "Mark as read"),
        "inbox.preferences": ("Pilihan mesej", "Message preferences"),
        "inbox.language": ("Bahasa mesej", "Message language"),
        "inbox.quiet": (
            "Waktu senyap (22:00-07:00): notis tidak segera menunggu pagi",
            "Quiet hours (22:00-07:00): non-urgent notices wait for the morning",
        ),
        "inbox.sms_for": (
            "Hantar juga melalui SMS (notis pilihan sahaja; semuanya kekal di peti masuk)",
            "Also send by SMS (optional notices only; everything stays in the inbox)",
        ),
        "inbox.always": (
            "Kod sekali guna, keselamatan akaun dan notis risiko sentiasa dihantar.",
            "One-time codes, account security and risk notices are always sent.",
        ),
        "inbox.saved": ("Pilihan disimpan.", "Preferences saved."),
        "inbox.email": ("E-mel (pilihan)", "E-mail (optional)"),
        "nav.inbox": ("Peti masuk", "Inbox"),
        "lang.ms": ("Bahasa Melayu", "Malay"),
        "lang.en": ("Bahasa Inggeris", "English"),
    }
)
# What a person sees of each optional notice in the preferences form.
NOTICE_LABELS: dict[str, tuple[str, str]] = {
    "registration": ("Pendaftaran vaksinasi diterima", "Vaccination registration received"),
    "appointment_offered": ("Tawaran temu janji", "Appointment offers"),
    "appointment_accepted": ("Temu janji disahkan", "Appointment confirmed"),
    "appointment_rescheduled": ("Temu janji dipinda", "Appointment moved"),
    "appointment_cancelled": ("Temu janji dibatalkan", "Appointment cancelled"),
    "appointment_no_show": ("Tidak hadir temu janji", "Missed appointment"),
}


def item_out(row: InboxMessage, lang: str) -> InboxItemOut:
    return InboxItemOut(
        id=row.id,
        template=row.template,
        body=row.body_en if lang == "en" else row.body_ms,
        created_at=row.created_at,
        read=row.read_at is not None,
    )


def _language(session: Session, caller: Caller, request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in texts.LANGUAGES:
        return str(asked)
    pref = notifications.preference(session, notifications.owner_of(caller.account.phone))
    return pref.language if pref else "ms"


def _preferences_out(session: Session, caller: Caller) -> PreferencesOut:
    pref = notifications.preference(session, notifications.owner_of(caller.account.phone))
    return PreferencesOut(
        language=pref.language if pref else "ms",
        quiet_hours=pref.quiet_hours if pref else True,
        opted_out=[t for t in (pref.opted_out.split(",") if pref else []) if t],
        email=pref.email if pref else None,
        not_optional=sorted(n for n, notice in texts.NOTICES.items() if not notice.optional),
    )


@api.get("/me/inbox", response_model=list[InboxItemOut])
def my_inbox(
    request: Request, session: Session = DB, caller: Caller = Depends(current_caller)
) -> list[InboxItemOut]:
    lang = _language(session, caller, request)
    return [item_out(r, lang) for r in notifications.inbox(session, caller.account.phone)]


@api.post("/me/inbox/{message_id}/read", status_code=status.HTTP_204_NO_CONTENT)
def read_message(
    message_id: str, session: Session = DB, caller: Caller = Depends(current_caller)
) -> Response:
    if not notifications.mark_read(session, caller.account.phone, message_id):
        raise Problem("inbox_not_found")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@api.get("/me/notification-preferences", response_model=PreferencesOut)
def get_preferences(
    session: Session = DB, caller: Caller = Depends(current_caller)
) -> PreferencesOut:
    return _preferences_out(session, caller)


@api.put("/me/notification-preferences", response_model=PreferencesOut)
def put_preferences(
    body: PreferencesIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> PreferencesOut:
    notifications.set_preferences(session, caller.account.phone, **body.model_dump())
    return _preferences_out(session, caller)


@api.get("/push/key", response_model=PushKeyOut)
def push_key(settings: Settings = Depends(settings_of)) -> PushKeyOut:
    """The VAPID public key a browser subscribes with (``applicationServerKey``)."""
    return PushKeyOut(public_key=settings.vapid_public_key)


@api.post("/me/push-subscriptions", status_code=status.HTTP_201_CREATED)
def subscribe(
    body: PushSubscriptionIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> dict[str, str]:
    row = notifications.subscribe_push(
        session, caller.account.phone, body.endpoint, body.keys.p256dh, body.keys.auth
    )
    return {"id": row.id}


@api.delete("/me/push-subscriptions", status_code=status.HTTP_204_NO_CONTENT)
def unsubscribe(
    body: PushSubscriptionIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> Response:
    if not notifications.unsubscribe_push(session, caller.account.phone, body.endpoint):
        raise Problem("push_bad_subscription")
    return Response(status_code=status.HTTP_204_NO_CONTENT)


def _inbox_page(request: Request, session: Session, caller: Caller, **extra: Any) -> Response:
    lang = i18n.lang_of(request)
    messages = [item_out(r, lang) for r in notifications.inbox(session, caller.account.phone)]
    return render(
        request,
        "identity/inbox.html",
        messages=messages,
        prefs=_preferences_out(session, caller),
        labels=NOTICE_LABELS,
        tz=clock.MALAYSIA,
        **extra,
    )


@pages.get("/inbox", response_class=HTMLResponse)
def inbox_page(
    request: Request, session: Session = DB, caller: Caller | None = Depends(optional_caller)
) -> Response:
    if caller is None:
        return RedirectResponse("/login", status_code=303)
    return _inbox_page(request, session, caller)


@pages.post("/inbox/preferences", response_class=HTMLResponse)
@page("identity/inbox.html", messages=[], prefs=None, labels=NOTICE_LABELS, tz=clock.MALAYSIA)
def save_preferences(
    request: Request,
    language: str = Form("ms"),
    quiet_hours: bool = Form(False),
    sms_for: list[str] = Form(default_factory=list),
    email: str = Form(""),
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    opted_out = [name for name in NOTICE_LABELS if name not in sms_for]
    notifications.set_preferences(
        session,
        caller.account.phone,
        language=language,
        quiet_hours=quiet_hours,
        opted_out=opted_out,
        email=email.strip() or None,
    )
    return _inbox_page(request, session, caller, saved=True)
