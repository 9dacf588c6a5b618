"""Certificate pages: the public verifier (paste a code or upload a QR image; the answer in
Malay and English, swapped in by HTMX) and the holder's certificates with their QR codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.certificates import access, reasons
from sihat.certificates.api import code_from, verification, verify_limit
from sihat.certificates.pdf import rows
from sihat.certificates.settings import get_settings
from sihat.core import bodylimit, i18n
from sihat.core.web import DB, page, render
from sihat.identity.deps import Caller, page_caller
from sihat.vaccination import vaccines

bodylimit.allow("/certificates/verify", "upload_max_body_bytes")  # a QR image
router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "cert.verify.title": ("Sahkan sijil vaksinasi", "Verify a vaccination certificate"),
        "cert.verify.intro": (
            "Tampal kod sijil (HC1:...) atau muat naik gambar kod QR.",
            "Paste the certificate code (HC1:...) or upload a picture of the QR code.",
        ),
        "cert.verify.code": ("Kod sijil", "Certificate code"),
        "cert.verify.image": ("Gambar kod QR", "Picture of the QR code"),
        "cert.verify.submit": ("Sahkan", "Verify"),
        "cert.verify.offline": (
            "Untuk pengesahan luar talian, muat turun:",
            "For offline verification, download:",
        ),
        "cert.valid": ("Sijil SAH", "Certificate VALID"),
        "cert.invalid": ("Sijil TIDAK SAH", "Certificate NOT VALID"),
        "cert.checks": ("Semakan", "Checks"),
        "cert.check.pass": ("lulus", "passed"),
        "cert.check.not_run": ("tidak dijalankan", "not run"),
        "enum.check.prefix": ("Awalan HC1:", "HC1: prefix"),
        "enum.check.base45": ("Pengekodan Base45", "Base45 encoding"),
        "enum.check.compression": ("Mampatan", "Compression"),
        "enum.check.cose": ("Mesej bertandatangan", "Signed message"),
        "enum.check.signature": ("Tandatangan digital", "Digital signature"),
        "enum.check.key_usage": ("Kebenaran kunci penandatangan", "Signing key's permission"),
        "enum.check.expiry": ("Tarikh luput", "Expiry date"),
        "enum.check.schema": ("Kandungan sijil", "Certificate content"),
        "enum.check.revocation": ("Pembatalan", "Revocation"),
        "cert.mine.title": ("Sijil vaksinasi saya", "My vaccination certificates"),
        "cert.mine.qr": ("Kod QR sijil", "Certificate QR code"),
        "cert.mine.vaccine": ("Vaksin", "Vaccine"),
        "cert.mine.dose": ("Dos", "Dose"),
        "cert.mine.date": ("Tarikh vaksinasi", "Date of vaccination"),
        "cert.mine.expires": ("Sah sehingga", "Valid until"),
        "cert.mine.ci": ("Pengecam sijil", "Certificate identifier"),
        "cert.mine.pdf": ("Muat turun PDF", "Download PDF"),
        "cert.mine.none": ("Tiada sijil lagi.", "No certificates yet."),
        "cert.mine.valid": (
            "Sah: disemak oleh pengesah laman ini",
            "Valid: checked by this site's verifier",
        ),
        "cert.mine.not_valid": ("Tidak sah lagi", "Not valid any more"),
        "cert.mine.why": ("Sebab", "Why"),
        "cert.mine.replaced": (
            "Dos anda mungkin dipinda: sijil baharu akan dikeluarkan.",
            "Your dose may have been amended: a new certificate will be issued.",
        ),
    }
)


def reason_text(code: str, lang: str) -> str:
    """A verifier's reason code in words (never the code itself)."""
    return reasons.english(code) if lang == "en" else reasons.malay(code)


def _summary(result: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The certificate's content as on the printed certificate (when it could be decoded)."""
    payload = result.get("payload") or {}
    dcc = payload.get("hcert")
    if not isinstance(dcc, dict):
        return []
    try:
        expires = datetime.fromisoformat(str(payload["exp"]).replace("Z", "+00:00"))
        return rows(dcc, expires)
    except (KeyError, TypeError, ValueError, IndexError):
        return []


@router.get("/certificates/verify", response_class=HTMLResponse)
def verify_page(request: Request) -> HTMLResponse:
    return render(request, "certificates/verify.html")


@router.post(
    "/certificates/verify", response_class=HTMLResponse, dependencies=[Depends(verify_limit)]
)
@page("certificates/verify.html", htmx="certificates/result.html", reason_text=reason_text)
def verify_submit(
    request: Request,
    code: str = Form(""),
    image: UploadFile | None = File(None),
    session: Session = DB,
) -> HTMLResponse:
    """The result alone for HTMX, the whole page otherwise."""
    partial = bool(request.headers.get("hx-request"))
    name = "certificates/result.html" if partial else "certificates/verify.html"
    data = image.file.read() if image is not None else b""
    text = code_from(code.strip(), data, get_settings().verify_image_max_kb)
    result = verification(session, text)
    return render(request, name, result=result, summary=_summary(result), reason_text=reason_text)


@router.get("/certificates/mine", response_class=HTMLResponse)
def my_certificates(
    request: Request, session: Session = DB, caller: Caller = Depends(page_caller)
) -> Response:
    held = access.held_by(session, caller.account)
    names = {p.code: p.name for p in vaccines.load().products.values()}
    # Each certificate is checked by the site's own verifier, as a door would check it.
    checked = [(h, verification(session, h.certificate.code)) for h in held]
    return render(
        request, "certificates/mine.html", held=checked, names=names, reason_text=reason_text
    )
