"""Export routes: request, list, approve or reject, download (CSV), alerts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy.orm import Session

from sihat.core.web import DB
from sihat.exports import alerts, datasets, service
from sihat.exports.models import ExportRequest
from sihat.exports.schemas import (
    AlertOut,
    DatasetOut,
    DecisionIn,
    DownloadOut,
    ExportIn,
    ExportOut,
    RejectIn,
)
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])


def export_out(row: ExportRequest) -> ExportOut:
    return ExportOut.model_validate(row, from_attributes=True)


@router.get("/datasets", response_model=list[DatasetOut])
def list_datasets(_staff: StaffAccount = Depends(current_staff)) -> list[DatasetOut]:
    return [
        DatasetOut(
            name=d.name,
            title_en=d.title_en,
            title_ms=d.title_ms,
            fields=d.fields,
            filters=d.filters,
        )
        for d in datasets.REGISTRY.values()
    ]


@router.post("", response_model=ExportOut, status_code=status.HTTP_201_CREATED)
def request_export(
    body: ExportIn, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> ExportOut:
    return export_out(service.request_export(session, staff, **body.model_dump()))


@router.get("", response_model=list[ExportOut])
def list_exports(
    session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> list[ExportOut]:
    return [export_out(r) for r in service.visible_exports(session, staff)]


@router.get("/alerts", response_model=list[AlertOut])
def list_alerts(
    session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> list[AlertOut]:
    service.require_alert_reader(staff)
    return [AlertOut.model_validate(a, from_attributes=True) for a in alerts.recent(session)]


@router.get("/{export_id}", response_model=ExportOut)
def get_export(
    export_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> ExportOut:
    return export_out(service.get_export(session, staff, export_id))


@router.get("/{export_id}/downloads", response_model=list[DownloadOut])
def list_downloads(
    export_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> list[DownloadOut]:
    row = service.get_export(session, staff, export_id)
    return [
        DownloadOut(downloaded_at=d.downloaded_at, ip=d.ip, rows=d.rows)
        for d in service.downloads_of(session, row.id)
    ]


@router.post("/{export_id}/approve", response_model=ExportOut)
def approve(
    export_id: str,
    body: DecisionIn,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> ExportOut:
    return export_out(service.approve(session, staff, export_id, **body.model_dump()))


@router.post("/{export_id}/reject", response_model=ExportOut)
def reject(
    export_id: str,
    body: RejectIn,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> ExportOut:
    return export_out(service.reject(session, staff, export_id, body.note))


@router.get("/{export_id}/download")
def download(
    export_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> Response:
    found = service.download(session, staff, export_id)
    return Response(
        found.text,
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{found.filename}"',
            "x-export-rows": str(found.rows),
            "cache-control": "no-store",
        },
    )
