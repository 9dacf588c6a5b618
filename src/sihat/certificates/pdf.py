"""The printable certificate: one A4 page, Malay first then English, with the QR code."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from sihat.certificates.qr import qr_png
from sihat.certificates.schema import value_set
from sihat.certificates.schemas import vaccine_codes
from sihat.core import clock

TITLE_MS = "Sijil Digital Vaksinasi COVID-19"
TITLE_EN = "COVID-19 Digital Vaccination Certificate"
FOOTER = (
    "Sahkan sijil ini dengan imbasan kod QR menggunakan mana-mana aplikasi pengesah EU DCC.",
    "Verify this certificate by scanning the QR code with any EU DCC verifier app.",
)


def _display(set_name: str, code: str) -> str:
    entry = value_set(set_name).get(code)
    return str(entry["display"]) if entry else code


def _product(mp: str) -> str:
    for brand in vaccine_codes().values():
        if brand["mp"] == mp:
            return str(brand["name"])
    return _display("vaccine-medicinal-product", mp)


def rows(dcc: dict[str, Any], expires: datetime) -> list[tuple[str, str, str]]:
    """(Malay label, English label, value) for each line of the certificate."""
    name = dcc.get("nam", {})
    entry = dcc["v"][0]
    full = " ".join(x for x in (name.get("gn"), name.get("fn")) if x)
    standard = " ".join(x for x in (name.get("gnt"), name.get("fnt")) if x)
    country = _display("country-2-codes", entry["co"])
    return [
        ("Nama", "Name", full or standard),
        ("Nama piawai (ICAO)", "Standardised name (ICAO)", standard),
        ("Tarikh lahir", "Date of birth", dcc.get("dob", "")),
        ("Penyakit", "Disease targeted", _display("disease-agent-targeted", entry["tg"])),
        ("Vaksin", "Vaccine", _product(entry["mp"])),
        ("Jenis vaksin", "Vaccine type", _display("vaccine-prophylaxis", entry["vp"])),
        ("Pemegang kebenaran", "Marketing authorisation holder",
         _display("vaccine-mah-manf", entry["ma"])),
        ("Dos", "Dose", f"{entry['dn']} / {entry['sd']}"),
        ("Tarikh vaksinasi", "Date of vaccination", entry["dt"]),
        ("Negara vaksinasi", "Country of vaccination", f"{country} ({entry['co']})"),
        ("Pengeluar sijil", "Certificate issuer", entry["is"]),
        ("Pengecam sijil", "Certificate identifier", entry["ci"]),
        ("Sah sehingga", "Valid until", clock.malaysia_date(expires).isoformat()),
    ]  # fmt: skip


def certificate_pdf(code: str, dcc: dict[str, Any], expires: datetime) -> bytes:
    """PDF bytes. Uncompressed page streams keep the text greppable (a page is ~10 kB)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=0, invariant=1)
    pdf.setTitle(f"{TITLE_MS} / {TITLE_EN}")
    pdf.setAuthor(str(dcc["v"][0]["is"]))
    width, height = A4
    y = height - 25 * mm
    pdf.setFont("Helvetica-Bold", 17)
    pdf.drawCentredString(width / 2, y, TITLE_MS)
    pdf.setFont("Helvetica-Oblique", 13)
    pdf.drawCentredString(width / 2, y - 7 * mm, TITLE_EN)
    qr_size = 75 * mm
    qr = ImageReader(io.BytesIO(qr_png(code, scale=6, border=4)))
    pdf.drawImage(qr, (width - qr_size) / 2, y - 12 * mm - qr_size, qr_size, qr_size)
    y = y - 20 * mm - qr_size
    for label_ms, label_en, value in rows(dcc, expires):
        pdf.setFont("Helvetica-Bold", 9.5)
        pdf.drawString(20 * mm, y, label_ms)
        pdf.setFont("Helvetica-Oblique", 8.5)
        pdf.drawString(20 * mm, y - 3.8 * mm, label_en)
        pdf.setFont("Helvetica", 10)
        pdf.drawString(80 * mm, y - 1.5 * mm, value[:70])
        y -= 10 * mm
    pdf.setFont("Helvetica", 8.5)
    for index, line in enumerate(FOOTER):
        pdf.drawCentredString(width / 2, 18 * mm - index * 4.5 * mm, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
