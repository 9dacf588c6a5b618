"""The counter page for unproven sign-ups (``identity.claims``): find a claim by the
account's phone or the claimed identity number, compare what was typed with the record,
check the document in person, then ask to link (a supervisor who did not ask approves) or
refuse (the person is told by SMS)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.web import DB, page, render
from sihat.identity import documents
from sihat.identity.models import IdentityClaim
from sihat.registration import claims
from sihat.staff import nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)
PATH = "/staff/identity-claims"
TEMPLATE = "registration/claims.html"

i18n.register(
    {
        "claims.title": ("Tuntutan identiti di kaunter", "Identity claims at the counter"),
        "claims.intro": (
            "Akaun yang menaip nombor dokumen seseorang yang sudah ada rekod, tanpa bukti, "
            "belum dipautkan kepada rekod itu. Cari tuntutan, semak dokumen asal individu itu "
            "sendiri, kemudian minta pautan (penyelia lain meluluskannya) atau tolak.",
            "An account that typed the document number of someone already on record, without "
            "proof, is not linked to that record. Find the claim, check the person's original "
            "document yourself, then ask to link (another supervisor approves) or refuse.",
        ),
        "claims.search": ("Cari tuntutan", "Find a claim"),
        "claims.search_hint": (
            "Isi nombor telefon akaun, atau jenis dan nombor dokumen yang dituntut.",
            "Fill in the account's phone, or the claimed document type and number.",
        ),
        "claims.found": ("Tuntutan dijumpai", "Claims found"),
        "claims.none": ("Tiada tuntutan yang belum diputuskan.", "No undecided claim."),
        "claims.awaiting": ("Menunggu kelulusan anda", "Waiting for your approval"),
        "claims.typed": ("Yang ditaip semasa mendaftar", "Typed at sign-up"),
        "claims.record": ("Rekod sedia ada", "The record on file"),
        "claims.account_phone": ("Telefon akaun", "Account phone"),
        "claims.made_at": ("Tarikh tuntutan", "Claimed on"),
        "claims.status": ("Keadaan", "Status"),
        "claims.status.OPEN": ("Menunggu semakan di kaunter", "Waiting for a counter check"),
        "claims.status.PROPOSED": ("Menunggu kelulusan penyelia", "Waiting for a supervisor"),
        "claims.document_seen": (
            "Saya telah melihat dokumen asal individu ini dan ia sepadan dengan rekod.",
            "I have seen this person's original document and it matches the record.",
        ),
        "claims.propose": ("Minta pautan", "Ask to link"),
        "claims.approve": ("Luluskan pautan", "Approve the link"),
        "claims.reason": ("Sebab penolakan", "Reason for refusing"),
        "claims.refuse": ("Tolak tuntutan", "Refuse the claim"),
        "claims.done.proposed": (
            "Pautan diminta. Penyelia lain perlu meluluskannya.",
            "Link asked for. Another supervisor must approve it.",
        ),
        "claims.done.linked": (
            "Akaun dipautkan kepada rekod. Individu itu telah dimaklumkan.",
            "The account is linked to the record. The person has been told.",
        ),
        "claims.done.refused": (
            "Tuntutan ditolak. Individu itu telah dimaklumkan.",
            "The claim is refused. The person has been told.",
        ),
    }
)

CLAIMS = nav.link(PATH, "claims.title", claims.reader, 16)


def _empty() -> dict[str, Any]:
    return {
        "id_types": documents.ID_TYPES,
        "found": None,
        "awaiting": [],
        "query": {"phone": "", "id_type": "MYKAD", "id_number": ""},
        "done": None,
        "counter": False,
    }


def view(claim: IdentityClaim) -> dict[str, Any]:
    """What the page shows of a claim: nothing that is not needed to compare."""
    typed, record = claim.unproven, claim.claimed
    return {
        "id": claim.id,
        "status": claim.status,
        "made_at": claim.made_at,
        "phone": documents.mask(claim.account.phone),
        "typed_name": typed.full_name,
        "typed_dob": typed.date_of_birth,
        "record_name": record.full_name,
        "record_dob": record.date_of_birth,
        "id_type": record.id_type,
        "id_masked": documents.mask(record.id_number),
    }


@router.get(PATH, response_class=HTMLResponse)
@page(TEMPLATE, **_empty())
def claims_page(
    request: Request,
    phone: str = "",
    id_type: str = "MYKAD",
    id_number: str = "",
    done: str | None = None,
    session: Session = DB,
    staff: StaffAccount = gate(CLAIMS),
) -> Response:
    searched = bool(phone.strip() or id_number.strip())
    found = (
        claims.find(session, staff, phone=phone, id_type=id_type, id_number=id_number)
        if searched
        else None
    )
    return render(
        request,
        TEMPLATE,
        **{
            **_empty(),
            "found": [view(c) for c in found] if found is not None else None,
            "awaiting": [view(c) for c in claims.awaiting_approval(session, staff)],
            "query": {"phone": phone, "id_type": id_type, "id_number": id_number},
            "done": done if done in ("proposed", "linked", "refused") else None,
            "counter": claims.holds(staff, claims.COUNTER),
        },
    )


def _done(what: str) -> Response:
    return RedirectResponse(f"{PATH}?done={what}", status_code=303)


@router.post(PATH + "/{claim_id}/propose", response_class=HTMLResponse)
@page(TEMPLATE, **_empty())
def propose(
    claim_id: str,
    document_seen: bool = Form(False),
    session: Session = DB,
    staff: StaffAccount = gate(CLAIMS),
) -> Response:
    claims.propose_link(session, staff, claim_id, document_seen=document_seen)
    return _done("proposed")


@router.post(PATH + "/{claim_id}/approve", response_class=HTMLResponse)
@page(TEMPLATE, **_empty())
def approve(claim_id: str, session: Session = DB, staff: StaffAccount = gate(CLAIMS)) -> Response:
    claims.approve_link(session, staff, claim_id)
    return _done("linked")


@router.post(PATH + "/{claim_id}/refuse", response_class=HTMLResponse)
@page(TEMPLATE, **_empty())
def refuse(
    claim_id: str,
    reason: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = gate(CLAIMS),
) -> Response:
    claims.refuse(session, staff, claim_id, reason)
    return _done("refused")
