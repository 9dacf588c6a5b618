"""The bilingual report (HTML and PDF) in the shape of the Auditor-General's summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sihat.audit import charts
from sihat.audit.report_text import conclusion, finding_items, human

TITLE_MS = "Pengurusan Pendaftaran Penerima Vaksin dan Aplikasi: Laporan Ujian Audit"
TITLE_EN = "Management of Vaccine Recipient Registration and the App: Audit Test Report"


def _outputs_rows(outputs: dict[str, Any]) -> list[dict[str, str]]:
    regs, recs = outputs.get("registrations_by_channel"), outputs.get("recipients_by_channel")
    if not regs or "status" in regs:
        return []
    reg_totals = charts.grouped(regs)
    rec_totals = charts.grouped(recs) if recs and "status" not in recs else None
    rows = []
    for i, (label, _) in enumerate(charts.GROUPS):
        rec = rec_totals[i] if rec_totals is not None else None
        rows.append(
            {
                "label": label,
                "reg_ms": human(reg_totals[i], "ms"),
                "reg": f"{reg_totals[i]:,}",
                "rec_ms": "-" if rec is None else human(rec, "ms"),
                "rec": "not run" if rec is None else f"{rec:,}",
            }
        )
    return rows


def _outcome_rows(outcomes: dict[str, Any]) -> list[dict[str, str]]:
    if "status" in outcomes:
        return []
    rows = [
        {
            "value": human(outcomes["checkins_total"], "ms"),
            "ms": "daftar masuk (check-in) direkodkan",
            "en": f"check-ins recorded ({human(outcomes['checkins_total'], 'en')})",
        }
    ]
    if outcomes["trace_users"] is not None:
        rows.append(
            {
                "value": human(outcomes["trace_users"], "ms"),
                "ms": "pengguna MySJ Trace",
                "en": f"MySJ Trace users ({human(outcomes['trace_users'], 'en')})",
            }
        )
    if outcomes["self_assessment_pct"] is not None:
        rows.append(
            {
                "value": f"{outcomes['self_assessment_pct']:.1f}%",
                "ms": "lengkap melaksanakan penilaian kendiri",
                "en": "completed the self-assessment",
            }
        )
    r = outcomes["myrisk_cases_correlation"]
    if r is not None:
        rises = r >= 0.5
        rows.append(
            {
                "value": f"r = {r:.2f}",
                "ms": "Penggunaan MyRisk "
                + ("meningkat" if rises else "tidak jelas meningkat")
                + " semasa berlakunya peningkatan kes jangkitan",
                "en": "MyRisk use "
                + ("rose" if rises else "did not clearly rise")
                + f" when infections rose (Pearson r over {outcomes['myrisk_cases_days']} days)",
            }
        )
    return rows


def build_context(summary: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
    items = finding_items(summary, details)
    threshold = int(summary["run"]["parameters"]["threshold_days"])
    chart_list = [
        charts.outputs_chart(summary["outputs"]),
        charts.outcomes_chart(details.get("monthly", [])),
        charts.findings_chart(items),
        charts.delays_chart(details.get("delays", []), threshold),
    ]
    return {
        "summary": summary,
        "title_ms": TITLE_MS,
        "title_en": TITLE_EN,
        "conclusion": conclusion(items),
        "items": items,
        "outputs_rows": _outputs_rows(summary["outputs"]),
        "outcomes": _outcome_rows(summary["outcomes"]),
        "charts": [c for c in chart_list if c is not None],
    }


def write_reports(summary: dict[str, Any], details: dict[str, Any], folder: Path) -> None:
    context = build_context(summary, details)
    env = Environment(
        loader=PackageLoader("sihat.audit", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    html = env.get_template("report.html.j2").render(**context)
    (folder / "report.html").write_text(html, encoding="utf-8")
    from sihat.audit.pdf import write_pdf

    write_pdf(context, folder / "report.pdf")
