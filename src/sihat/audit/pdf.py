"""The PDF report (reportlab): the same sections and words as the HTML report."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    return {
        "title": base["Title"],
        "h2": base["Heading2"],
        "body": base["BodyText"],
        "en": ParagraphStyle("en", parent=base["BodyText"], textColor=colors.grey),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=7, leading=9),
    }


def _pair(story: list[Any], s: dict[str, ParagraphStyle], ms: str, en: str) -> None:
    story.append(Paragraph(escape(ms), s["body"]))
    story.append(Paragraph(f"<i>{escape(en)}</i>", s["en"]))


def _chart(story: list[Any], context: dict[str, Any], name: str, s: dict[str, Any]) -> None:
    for chart in context["charts"]:
        if chart.name == name:
            image = Image(io.BytesIO(chart.png))
            scale = min(1.0, 16 * cm / image.drawWidth)
            image.drawWidth *= scale
            image.drawHeight *= scale
            story.append(image)
            _pair(story, s, chart.caption_ms, chart.caption_en)


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def write_pdf(context: dict[str, Any], path: Path) -> None:
    s = _styles()
    summary = context["summary"]
    story: list[Any] = [
        Paragraph(escape(context["title_ms"]), s["title"]),
        Paragraph(f"<i>{escape(context['title_en'])}</i>", s["en"]),
        Spacer(1, 8),
        Paragraph("RUMUSAN AUDIT / Audit conclusion", s["h2"]),
    ]
    _pair(story, s, *context["conclusion"])
    story.append(Paragraph("OBJEKTIF PROGRAM / Programme objective", s["h2"]))
    _pair(
        story,
        s,
        "Program Imunisasi Covid-19 Kebangsaan (PICK) menggariskan dasar dan strategi "
        "perolehan bekalan vaksin, pelaksanaan pemberian serta pemantauan bagi membendung "
        "pandemik Covid-19. Aplikasi: menyediakan platform teknologi untuk orang ramai bagi "
        "membendung penularan wabak Covid-19.",
        "PICK sets the policy and strategy for procuring, administering and monitoring "
        "vaccination to contain COVID-19. The app: a technology platform for the public to "
        "contain the spread of COVID-19.",
    )
    story.append(Paragraph("PENCAPAIAN OUTPUT / Output achievement", s["h2"]))
    if context["outputs_rows"]:
        rows = [["Saluran / Channel", "Pendaftaran / Registrations", "Penerima / Recipients"]]
        rows += [[r["label"], r["reg"], r["rec"]] for r in context["outputs_rows"]]
        story.append(_table(rows))
    _chart(story, context, "outputs", s)
    story.append(Paragraph("PENCAPAIAN KEBERHASILAN / Outcome achievement", s["h2"]))
    for row in context["outcomes"]:
        _pair(story, s, f"{row['value']}  {row['ms']}", row["en"])
    _chart(story, context, "outcomes", s)
    story.append(Paragraph("PENGURUSAN APLIKASI / Findings on the app's management", s["h2"]))
    for item in context["items"]:
        story.append(
            Paragraph(
                f"<b>{escape(item.id)} {escape(item.title_ms)}</b> / "
                f"<i>{escape(item.title_en)}</i>",
                s["body"],
            )
        )
        if item.run:
            story.append(
                Paragraph(
                    f"Angka utama / <i>Headline</i>: <b>{item.count:,}</b> "
                    f"{escape(item.unit_ms)} / <i>{escape(item.unit_en)}</i>",
                    s["body"],
                )
            )
        _pair(story, s, item.ms, item.en)
        for ms, en in item.extra:
            _pair(story, s, ms, en)
        if item.link:
            story.append(
                Paragraph(
                    f'<link href="{escape(item.link)}" color="blue">'
                    f"Senarai pengecualian / Exception list: {escape(item.link)}</link>",
                    s["small"],
                )
            )
    _chart(story, context, "findings", s)
    _chart(story, context, "delays", s)
    story.append(Paragraph("INPUT / Inputs", s["h2"]))
    rows = [["Fail / File", "Baris / Rows", "SHA-256"]]
    for f in summary["run"]["input_files"].values():
        rows.append([f["file"], f"{f['rows']:,}", f["sha256"][:32] + "…"])
    story.append(_table(rows))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=context["title_en"],
        author="sihat audit",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    doc.build(story)
