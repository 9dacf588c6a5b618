"""The auditor's page: run the audit on the live system now, see every run's findings and
their trend, open each run's bilingual report and exception lists."""

from __future__ import annotations

import io
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.audit.summary import HEADLINES
from sihat.audit_live import runs
from sihat.audit_live.models import AuditRun
from sihat.core import i18n, web
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
    }
)

PAGE = nav.link("/staff/audit", "audit.title", nav.holding("AUDITOR"), 30)


def _table(listed: list[AuditRun]) -> dict[str, Any]:
    """The runs table: one column per finding, each cell the run's headline (the engine's)."""
    return {
        "runs": listed,
        "keys": list(HEADLINES),
        "headlines": HEADLINES,
        "figures": {r.id: runs.figures(r) for r in listed},
    }


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
def trend(session: Session = DB, staff: StaffAccount | None = Depends(optional_staff)) -> Response:
    _auditor(staff)
    done = [r for r in reversed(runs.recent(session, 60)) if r.status == "DONE"]
    return Response(_chart(done), media_type="image/svg+xml")


def _chart(done: list[AuditRun]) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.2))
    for key in HEADLINES:
        values = [runs.figures(r).get(key).count for r in done]
        if any(v for v in values):
            ax.plot(range(len(done)), [v or 0 for v in values], marker="o", label=key)
    ax.set_xlabel("run / larian")
    ax.set_ylabel("count / bilangan")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=7, loc="upper left")
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
