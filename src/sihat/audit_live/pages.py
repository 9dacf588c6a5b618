"""The auditor's page: run the audit on the live system now, see every run's findings and
their trend, open each run's bilingual report and exception lists."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.audit.findings import load_findings
from sihat.audit.summary import HEADLINES
from sihat.audit_live import runs
from sihat.audit_live.models import AuditRun
from sihat.core import clock, i18n, web
from sihat.core.errors import Problem
from sihat.core.web import DB, render
from sihat.staff import nav
from sihat.staff.deps import gate, optional_staff
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_role

router = APIRouter(prefix="/staff/audit", include_in_schema=False)

i18n.register(
    {
        "audit.title": ("Audit sistem langsung", "Audit of the live system"),
        "audit.run_now": ("Jalankan sekarang", "Run now"),
        "audit.schedule": ("Jadual: setiap {h} jam", "Schedule: every {h} hours"),
        "audit.trend": ("Trend penemuan", "Findings over time"),
        "audit.report": ("Laporan", "Report"),
        "audit.running": ("Sedang berjalan...", "Running..."),
        "audit.none": ("Belum ada audit.", "No audit yet."),
        "audit.latest": ("Penemuan larian terkini", "Findings of the latest run"),
        "audit.finding": ("Penemuan", "Finding"),
        "audit.count": ("Bilangan", "Count"),
        "audit.runs": ("Larian", "Runs"),
        "audit.when": ("Masa (waktu Malaysia)", "Time (Malaysia)"),
        "audit.trigger": ("Dimulakan oleh", "Started by"),
        "audit.result": ("Keputusan", "Result"),
        "audit.trigger.MANUAL": ("Juruaudit", "An auditor"),
        "audit.trigger.SCHEDULE": ("Jadual", "The schedule"),
        "audit.status.FAILED": ("Gagal", "Failed"),
        "audit.trend_alt": (
            "Carta garis: bilangan bagi setiap penemuan dalam setiap larian audit yang selesai.",
            "Line chart: the count of each finding in each completed audit run.",
        ),
        "audit.chart_title": ("Penemuan audit mengikut larian", "Audit findings by run"),
        "audit.chart_x": ("Larian (tarikh, waktu Malaysia)", "Run (date, Malaysia time)"),
        "audit.chart_y": ("Bilangan", "Count"),
        "audit.chart_empty": ("Belum ada larian yang selesai.", "No completed run yet."),
    }
)

TITLES = {f.key: (f.title_ms, f.title_en) for f in load_findings()}

PAGE = nav.link("/staff/audit", "audit.title", nav.holding("AUDITOR"), 30)


def _table(listed: list[AuditRun]) -> dict[str, Any]:
    """The latest completed run's findings (one row per finding, the engine's headlines) and
    the list of runs: narrow enough for a phone."""
    latest = next((r for r in listed if r.status == "DONE"), None)
    return {
        "runs": listed,
        "keys": list(HEADLINES),
        "headlines": HEADLINES,
        "titles": TITLES,
        "latest": latest,
        "latest_figures": runs.figures(latest) if latest else None,
        "when": _when,
    }


def _when(moment: Any) -> str:
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M")


def _auditor(staff: StaffAccount | None) -> StaffAccount:
    if staff is None:
        raise Problem("not_authenticated")
    require_role(staff, "AUDITOR")
    return staff


@router.get("", response_class=HTMLResponse)
@web.page("audit_live/page.html", runs=[], keys=[])
def page(request: Request, session: Session = DB, staff: StaffAccount = gate(PAGE)) -> Response:
    listed = runs.recent(session)
    return render(
        request,
        "audit_live/page.html",
        **_table(listed),
        every=request.app.state.settings.audit_schedule_hours,
        running=any(r.status == "RUNNING" for r in listed),
    )


@router.post("/runs", response_class=HTMLResponse)
@web.page("audit_live/runs.html", runs=[], keys=[])
def run_now(
    request: Request, session: Session = DB, staff: StaffAccount | None = Depends(optional_staff)
) -> Response:
    who = _auditor(staff)  # refused inside the runs table (an HTMX fragment), not redirected
    runs.request_run(session, request.app.state.db, "MANUAL", who.id)  # starts on commit
    return render(request, "audit_live/runs.html", **_table(runs.recent(session)), running=True)


@router.get("/runs", response_class=HTMLResponse)
@web.page("audit_live/runs.html", runs=[], keys=[])
def run_list(
    request: Request, session: Session = DB, staff: StaffAccount | None = Depends(optional_staff)
) -> Response:
    _auditor(staff)
    listed = runs.recent(session)
    return render(
        request,
        "audit_live/runs.html",
        **_table(listed),
        running=any(r.status == "RUNNING" for r in listed),
    )


@router.get("/trend.svg")
def trend(
    request: Request, session: Session = DB, staff: StaffAccount | None = Depends(optional_staff)
) -> Response:
    _auditor(staff)
    done = [r for r in reversed(runs.recent(session, 60)) if r.status == "DONE"]
    return Response(_chart(done, i18n.lang_of(request)), media_type="image/svg+xml")


def _chart(done: list[AuditRun], lang: str) -> bytes:
    """A line per finding that was ever found, over the completed runs: a title, labelled axes
    and a legend of the findings' names in the reader's language, sized for a phone."""
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, smaller
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    en = lang == "en"
    fig, ax = plt.subplots(figsize=(4.6, 4.0))
    ax.set_title(i18n.text("audit.chart_title", lang), fontsize=12, loc="left")
    for key in HEADLINES:
        values = [runs.figures(r).get(key).count for r in done]
        if any(v for v in values):
            label = TITLES.get(key, (key, key))[1 if en else 0]
            ax.plot(range(len(done)), [v or 0 for v in values], marker="o", label=label)
    ax.set_xlabel(i18n.text("audit.chart_x", lang))
    ax.set_ylabel(i18n.text("audit.chart_y", lang))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xticks(range(len(done)))
    ax.set_xticklabels([_when(r.started_at)[5:10] for r in done], rotation=45, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=8, integer=True))
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if not done:
        ax.text(0.5, 0.5, i18n.text("audit.chart_empty", lang), ha="center", transform=ax.transAxes)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=1, frameon=False)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue().encode()


@router.get("/runs/{run_id}/{name:path}")
def run_file(
    run_id: str,
    name: str,
    session: Session = DB,
    staff: StaffAccount | None = Depends(optional_staff),
) -> Response:
    _auditor(staff)
    if session.get(AuditRun, run_id) is None:
        raise Problem("not_found")
    if not re.fullmatch(r"(report\.html|report\.pdf|summary\.json|exceptions/[a-z_]+\.csv)", name):
        raise Problem("not_found")
    path = runs.run_dir(run_id) / "out" / name
    if not path.is_file():
        raise Problem("not_found")
    return FileResponse(path)
