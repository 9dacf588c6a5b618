"""Certificate routes under ``/api/v1/certificates``.

Public: ``POST /verify`` (JSON ``{"code": "HC1:..."}`` or a multipart ``image``),
``GET /trust-list`` and ``GET /revocations`` (what an offline verifier downloads).
Signed in: ``GET /mine`` (the holder and their dependents) and ``GET /{ci}/qr.png`` and
``/{ci}/pdf`` (holder, or staff printing at the centre of the dose; see ``access``).
``ci`` contains ``/`` and ``#``: clients percent-encode it (at least the ``#``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sihat.certificates import access, records, signing
from sihat.certificates.codec import DecodeError, decode
from sihat.certificates.pdf import certificate_pdf
from sihat.certificates.qr import qr_png, read_qr
from sihat.certificates.schemas import HolderCertificateOut, VerifyIn
from sihat.certificates.settings import get_settings
from sihat.certificates.verify import verify
from sihat.core import bodylimit
from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter
from sihat.core.web import DB, bearer_or_cookie, limiter, request_ip
from sihat.identity import accounts
from sihat.identity.deps import COOKIE, Caller, current_caller
from sihat.staff import deps as staff_deps
from sihat.staff import sessions as staff_sessions
from sihat.vaccination import vaccines

bodylimit.allow("/api/v1/certificates/verify", "upload_max_body_bytes")  # a QR image
router = APIRouter(prefix="/api/v1/certificates", tags=["certificates"])
PUBLIC_CACHE = {"Cache-Control": "public, max-age=300"}
_VERIFY_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "application/json": {"schema": VerifyIn.model_json_schema()},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"image": {"type": "string", "format": "binary"}},
                }
            },
        }
    }
}


async def verify_input(request: Request) -> str:
    """The ``HC1:`` text, from JSON or from the QR code in an uploaded image."""
    settings = get_settings()
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        async with request.form() as form:  # closes the uploaded file afterwards
            image, code = form.get("image"), str(form.get("code") or "").strip()
            data = await image.read() if image is not None and not isinstance(image, str) else b""
        return code_from(code, data, settings.verify_image_max_kb)
    try:
        body = VerifyIn.model_validate_json(await request.body())
    except ValueError as exc:
        raise Problem("verify_input_missing", field="code") from exc
    return body.code.strip()


def code_from(code: str, image: bytes, max_kb: int) -> str:
    """Exactly one of a pasted code and an image; the image must hold a QR code."""
    if bool(code) == bool(image):
        raise Problem("verify_input_missing", field="code")
    if code:
        return code
    if len(image) > max_kb * 1024:
        raise Problem("image_too_large", field="image", limit_kb=max_kb)
    try:
        return read_qr(image)
    except DecodeError as exc:
        raise Problem("bad_qr", field="image") from exc


def verification(session: Session, code: str) -> dict[str, Any]:
    """Every check against this installation's trust list and stored revocations."""
    return verify(code, signing.trust_list(), records.StoredRevocations(session)).as_json()


def verify_limit(lim: Limiter = Depends(limiter)) -> None:
    """Per client address, before any image is read."""
    limit = f"{get_settings().verify_per_ip_per_minute}/minute"
    lim.hit_or_raise("certificate-verify", request_ip(), limit)


@router.post("/verify", openapi_extra=_VERIFY_BODY, dependencies=[Depends(verify_limit)])
def verify_certificate(code: str = Depends(verify_input), session: Session = DB) -> dict[str, Any]:
    """Verify a certificate: ``valid``, each check with its reason in English and Malay,
    and the decoded payload. An invalid certificate is a 200 answer with ``valid: false``."""
    return verification(session, code)


@router.get("/trust-list")
def trust_list(response: Response) -> dict[str, object]:
    """The document signers this installation signs with (public, for offline verifiers)."""
    response.headers.update(PUBLIC_CACHE)
    return signing.trust_list_document()


@router.get("/revocations")
def revocations(response: Response, session: Session = DB) -> dict[str, Any]:
    """SHA-256 hashes of the upper-cased ``ci`` of every revoked certificate (public)."""
    response.headers.update(PUBLIC_CACHE)
    return records.revocation_document(session)


def holder_out(held: access.Held) -> HolderCertificateOut:
    c = held.certificate
    return HolderCertificateOut(
        ci=c.ci,
        person_id=held.person.id,
        full_name=held.person.full_name,
        relationship=held.relationship,
        dose_number=held.dose.dose_number,
        vaccine=vaccines.load().product(held.dose.product).name,
        vaccinated_on=held.dose.administered_on,
        issued_at=c.issued_at.isoformat(),
        expires_at=c.expires_at.isoformat(),
        status=c.status,
        code=c.code,
        qr_url=held.path + "/qr.png",
        pdf_url=held.path + "/pdf",
    )


@router.get("/mine", response_model=list[HolderCertificateOut])
def mine(session: Session = DB, caller: Caller = Depends(current_caller)) -> list[Any]:
    """The valid certificates of the caller and of their dependents."""
    return [holder_out(h) for h in access.held_by(session, caller.account)]


def current_viewer(request: Request, session: Session = DB) -> access.Viewer:
    """An account holder (token or cookie) or a staff member (token or staff cookie)."""
    token = bearer_or_cookie(request, COOKIE)
    found = accounts.account_for_token(session, token) if token else None
    if found is not None:
        return found[0]
    staff_token = bearer_or_cookie(request, staff_deps.COOKIE)
    staff = staff_sessions.staff_for_token(session, staff_token) if staff_token else None
    if staff is None:
        raise Problem("not_authenticated")
    return staff


Viewer = Depends(current_viewer)


@router.get("/{ci:path}/qr.png", response_class=Response)
def certificate_qr(ci: str, session: Session = DB, viewer: access.Viewer = Viewer) -> Response:
    certificate = access.certificate_for(session, viewer, ci)
    return Response(qr_png(certificate.code), media_type="image/png", headers=_private())


@router.get("/{ci:path}/pdf", response_class=Response)
def certificate_pdf_file(
    ci: str, session: Session = DB, viewer: access.Viewer = Viewer
) -> Response:
    """One A4 page, Malay then English, with the QR code (to download or print)."""
    certificate = access.certificate_for(session, viewer, ci)
    _cose, cwt = decode(certificate.code)
    pdf = certificate_pdf(certificate.code, cwt.dcc, certificate.expires_at)
    headers = _private() | {
        "Content-Disposition": 'attachment; filename="sijil-vaksinasi-covid19.pdf"'
    }
    return Response(pdf, media_type="application/pdf", headers=headers)


def _private() -> dict[str, str]:
    return {"Cache-Control": "private, no-store"}
