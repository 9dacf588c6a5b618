"""The security page: attempts by kind and source, recent events, blocked sources; a security
officer blocks or lifts a source by hand."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.web import DB, page, refusal_context, render
from sihat.security import access, service
from sihat.security.models import KINDS
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

router = APIRouter(prefix="/staff/security", include_in_schema=False)

i18n.register(
    {
        "sec.title": ("Peristiwa keselamatan", "Security events"),
        "sec.attempts": ("Jumlah percubaan", "Attempts"),
        "sec.by_kind": ("Mengikut jenis", "By kind"),
        "sec.by_source": ("Sumber paling aktif", "Busiest sources"),
        "sec.blocked_requests": ("Permintaan disekat", "Requests blocked"),
        "sec.blocks": ("Sumber disekat sekarang", "Sources blocked now"),
        "sec.recent": ("Peristiwa terkini", "Recent events"),
        "sec.block": ("Sekat sumber", "Block a source"),
        "sec.lift": ("Tarik balik", "Lift"),
        "sec.ip": ("Alamat IP", "IP address"),
        "sec.minutes": ("Minit", "Minutes"),
        "sec.reason": ("Sebab", "Reason"),
        "sec.none": ("Tiada.", "None."),
        "sec.kind": ("Jenis", "Kind"),
        "sec.count": ("Bilangan", "Count"),
        "sec.when": ("Masa terakhir (waktu Malaysia)", "Last seen (Malaysia time)"),
        "sec.until": ("Disekat hingga (waktu Malaysia)", "Blocked until (Malaysia time)"),
        "sec.target": ("Sasaran", "Target"),
        "sec.chart_kind": (
            "Carta: percubaan mengikut jenis (panjang bar = bilangan)",
            "Chart: attempts by kind (bar length = count)",
        ),
        "sec.chart_source": (
            "Carta: sumber paling aktif (panjang bar = bilangan percubaan)",
            "Chart: busiest sources (bar length = attempts)",
        ),
        "sec.kind.AUTH_FAILURE": ("Kata laluan atau kod salah", "Wrong password or code"),
        "sec.kind.BAD_TOKEN": ("Token sesi tidak sah", "Session token not valid"),
        "sec.kind.FORGED_TOKEN": ("Token palsu", "Forged token"),
        "sec.kind.REPLAYED_TOKEN": ("Token diguna semula", "Token used again"),
        "sec.kind.FORGED_QR": ("Kod QR palsu", "Forged QR code"),
        "sec.kind.REPLAYED_QR": ("Kod QR diguna semula", "QR code used again"),
        "sec.kind.RATE_LIMIT": ("Had kadar dilampaui", "Rate limit exceeded"),
        "sec.kind.MALFORMED": ("Permintaan rosak", "Malformed request"),
        "sec.kind.SQL_INJECTION": ("Cubaan suntikan SQL", "SQL injection attempt"),
        "sec.kind.XSS": ("Cubaan suntikan skrip", "Script injection attempt"),
        "sec.kind.PATH_TRAVERSAL": ("Cubaan lintasan laluan", "Path traversal attempt"),
        "sec.kind.INJECTION": ("Cubaan suntikan lain", "Other injection attempt"),
        "sec.kind.SCAN": ("Imbasan laluan", "Path scanning"),
        "sec.kind.BLOCKED": ("Daripada sumber disekat", "From a blocked source"),
        "sec.kind.EXPORT_REFUSED": ("Eksport ditolak", "Export refused"),
        "sec.kind.TAKEOVER_ATTEMPT": (
            "Cubaan mengambil alih akaun ditolak",
            "Account takeover attempt refused",
        ),
        "sec.kind.IDENTITY_CLAIM": (
            "Nombor dokumen orang lain dituntut semasa pendaftaran (tidak dipautkan)",
            "Someone else's document number claimed at sign-up (not linked)",
        ),
        "sec.who": ("Siapa", "Who"),
        "sec.who.all": ("Semua di alamat ini", "Everyone at this address"),
        "sec.who.anonymous": ("Tanpa log masuk", "Not logged in"),
        "sec.who.staff": ("Kakitangan {id}", "Staff member {id}"),
        "sec.who.account": ("Akaun awam {id}", "Public account {id}"),
    }
)


def _when(moment: Any) -> str:
    if moment is None:
        return ""
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M")


EVENTS = nav.link("/staff/security", "sec.title", lambda s, staff: access.can_read(staff), 50)


def _page(request: Request, session: Session, staff: StaffAccount) -> dict[str, Any]:
    return {
        "report": service.report(session),
        "events": service.recent_events(session, limit=50),
        "blocks": service.blocks(session),
        "kinds": KINDS,
        "officer": has_role(staff, "SECURITY_OFFICER"),
        "when": _when,
        "whom": _who,
    }


def _who(account: str | None, lang: str) -> str:
    """Whom a block refuses, in words (``SourceBlock.account``)."""
    if account is None:
        return i18n.text("sec.who.all", lang)
    if account == service.ANONYMOUS:
        return i18n.text("sec.who.anonymous", lang)
    kind, _, ident = account.partition(":")
    key = "sec.who.staff" if kind == "staff" else "sec.who.account"
    return i18n.text(key, lang).format(id=ident[:8])


@router.get("", response_class=HTMLResponse)
@page(
    "security/events.html",
    report=None,
    events=[],
    blocks=[],
    officer=False,
    when=_when,
    whom=_who,
)
def security_page(
    request: Request, session: Session = DB, staff: StaffAccount = gate(EVENTS)
) -> Response:
    return render(request, "security/events.html", **_page(request, session, staff))


@router.post("/blocks", response_class=HTMLResponse)
@page("security/events.html")
def block(
    request: Request,
    source_ip: str = Form(...),
    minutes: int = Form(...),
    reason: str = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _page(request, session, staff))
    access.require_officer(staff)
    row = service.block(session, staff.id, source_ip, max(1, minutes), reason)
    request.app.state.security_guard.forget(row.source_ip)
    return RedirectResponse("/staff/security", status_code=303)


@router.post("/blocks/{block_id}/lift")
def lift(
    block_id: str,
    request: Request,
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    access.require_officer(staff)
    row = service.lift(session, staff.id, block_id)
    request.app.state.security_guard.forget(row.source_ip)
    return RedirectResponse("/staff/security", status_code=303)
