"""The status card: the caller's MyRisk status and each current dependent's, in Malay or
English, with colour, reason, until-date and history; never a raw code."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.web import DB, render
from sihat.identity import access
from sihat.identity.deps import Caller, page_caller
from sihat.risk import service
from sihat.risk.notices import shown_date
from sihat.risk.schemas import HistoryOut, RiskOut

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "risk.title": ("Status risiko saya (MyRisk)", "My risk status (MyRisk)"),
        "risk.until": ("Sehingga", "Until"),
        "risk.since": ("Sejak", "Since"),
        "risk.reason": ("Sebab", "Reason"),
        "risk.history": ("Sejarah status", "Status history"),
        "risk.history_none": ("Tiada sejarah.", "No history."),
        "risk.when": ("Bermula", "From"),
        "risk.source": ("Sumber", "Source"),
        "risk.state": ("Keadaan", "State"),
        "risk.state.current": ("Semasa", "Current"),
        "risk.state.ended": ("Tamat", "Ended"),
        "risk.state.retracted": ("Dibatalkan", "Withdrawn"),
        "risk.state.standing": ("Diatasi oleh status lebih tinggi", "Outranked by a higher status"),
        "risk.dependent": ("Tanggungan", "Dependent"),
        "risk.account": ("Akaun saya", "My account"),
    }
)


def _state(row: HistoryOut) -> str:
    if row.current:
        return "risk.state.current"
    if row.end_reason == "RETRACTED":
        return "risk.state.retracted"
    if row.ended_at is not None:
        return "risk.state.ended"
    return "risk.state.standing"


@router.get("/risk", response_class=HTMLResponse)
def status_card(
    request: Request, session: Session = DB, caller: Caller = Depends(page_caller)
) -> Response:
    cards = []
    for pid, (person, rel) in access.people_of(session, caller.account).items():
        shown = RiskOut.of(service.current(session, pid), person.full_name, rel == access.SELF)
        rows = [HistoryOut.of(r) for r in service.history(session, pid, limit=20)]
        cards.append((shown, [(r, _state(r)) for r in rows]))
    service.count_view(session)
    return render(request, "risk/card.html", cards=cards, my_date=shown_date)
