"""The printable A4 check-in poster of a premise, as PDF (vector QR) and PNG (150 dpi), in
Malay, English or both. Fonts are the Bitstream Vera faces shipped inside reportlab, so the
output is the same on every machine."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache
from importlib import resources

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from sihat.checkins import qr
from sihat.checkins.models import Premise
from sihat.checkins.premises import CATEGORIES

TEXT = {
    "title": ("DAFTAR MASUK", "CHECK IN"),
    "scan": (
        "Imbas kod ini dengan kamera telefon anda sebelum masuk.",
        "Scan this code with your phone camera before you enter.",
    ),
    "dependents": (
        "Anda boleh mendaftar masuk tanggungan anda bersama.",
        "You can check in your dependents with you.",
    ),
    "no_phone": (
        "Tiada telefon? Minta petugas premis mendaftar masuk anda.",
        "No phone? Ask the premise staff to check you in.",
    ),
}


def _lines(premise: Premise, lang: str) -> tuple[list[str], list[str]]:
    """(headline lines, small lines) in the chosen language(s)."""
    idx = [0, 1] if lang == "both" else [1 if lang == "en" else 0]
    title = " / ".join(TEXT["title"][i] for i in idx)
    category = " / ".join(CATEGORIES.get(premise.category, ("", ""))[i] for i in idx)
    small = [TEXT[key][i] for key in ("scan", "dependents", "no_phone") for i in idx]
    return [title, premise.name], [
        category,
        premise.address,
        premise.district + ", " + premise.state,
        "",
        *small,
    ]


@lru_cache(maxsize=2)
def _font_path(bold: bool) -> str:
    name = "VeraBd.ttf" if bold else "Vera.ttf"
    return str(resources.files("reportlab").joinpath("fonts", name))


def _register_pdf_fonts() -> None:
    if "SihatVera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("SihatVera", _font_path(False)))
        pdfmetrics.registerFont(TTFont("SihatVeraBd", _font_path(True)))


def pdf(premise: Premise, url: str, lang: str = "both") -> bytes:
    _register_pdf_fonts()
    width, height = A4
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    page.setTitle(f"sihat check-in: {premise.name}")
    head, small = _lines(premise, lang)
    page.setFont("SihatVeraBd", 34)
    page.drawCentredString(width / 2, height - 80, head[0])
    page.setFont("SihatVeraBd", 22)
    for i, line in enumerate(textwrap.wrap(head[1], 40)[:2]):
        page.drawCentredString(width / 2, height - 120 - 26 * i, line)
    modules = qr.matrix(url)
    size = 330.0
    cell = size / len(modules)
    left, top = (width - size) / 2, height - 190
    for r, row in enumerate(modules):
        for c, dark in enumerate(row):
            if dark:
                page.rect(left + c * cell, top - (r + 1) * cell, cell, cell, stroke=0, fill=1)
    page.setFont("SihatVera", 12)
    y = top - size - 30
    for line in small:
        for part in textwrap.wrap(line, 80) or [""]:
            page.drawCentredString(width / 2, y, part)
            y -= 17
    page.setFont("SihatVera", 7)
    page.drawCentredString(width / 2, 30, url)
    page.showPage()
    page.save()
    return buffer.getvalue()


def png(premise: Premise, url: str, lang: str = "both", dpi: int = 150) -> bytes:
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    scale = dpi / 72

    def font(points: float, bold: bool = False) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(_font_path(bold), int(points * scale))

    head, small = _lines(premise, lang)
    draw.text((width / 2, 60 * scale), head[0], fill="black", font=font(34, True), anchor="mm")
    for i, line in enumerate(textwrap.wrap(head[1], 40)[:2]):
        y = (110 + 26 * i) * scale
        draw.text((width / 2, y), line, fill="black", font=font(22, True), anchor="mm")
    side = int(330 * scale)
    code = Image.open(io.BytesIO(qr.png(url, scale=1))).convert("RGB")
    code = code.resize((side, side), Image.Resampling.NEAREST)
    top = int(170 * scale)
    image.paste(code, ((width - side) // 2, top))
    y = top + side + 30 * scale
    for line in small:
        for part in textwrap.wrap(line, 80) or [""]:
            draw.text((width / 2, y), part, fill="black", font=font(12), anchor="mm")
            y += 17 * scale
    draw.text((width / 2, height - 30 * scale), url, fill="black", font=font(7), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
