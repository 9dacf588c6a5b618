"""MyRisk routes under ``/api/v1/risk``: ``GET /me`` (the caller's status and each current
dependent's; counted as a view) and ``GET /people/{person_id}/history`` (the caller or a
current dependent; anyone else 404)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from sihat.core.web import DB
from sihat.identity import access
from sihat.identity.deps import Caller, current_caller
from sihat.risk import service
from sihat.risk.schemas import HistoryOut, MeOut, RiskOut

router = APIRouter(prefix="/api/v1/risk", tags=["risk"])


@router.get("/me", response_model=MeOut)
def me(session: Session = DB, caller: Caller = Depends(current_caller)) -> MeOut:
    people = access.people_of(session, caller.account)
    service.count_view(session)
    return MeOut(
        people=[
            RiskOut.of(service.current(session, pid), person.full_name, rel == access.SELF)
            for pid, (person, rel) in people.items()
        ]
    )


@router.get("/people/{person_id}/history", response_model=list[HistoryOut])
def person_history(
    person_id: str, session: Session = DB, caller: Caller = Depends(current_caller)
) -> list[HistoryOut]:
    person = access.acting_for(session, caller.account, person_id)
    return [HistoryOut.of(row) for row in service.history(session, person.id)]
