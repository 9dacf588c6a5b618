"""The access review: who holds which role, over what, since when, granted by which request."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.staff.models import StaffAccount, StaffRole, StaffSession


def access_review(session: Session) -> list[dict[str, Any]]:
    last_login = dict(
        session.execute(
            select(StaffSession.staff_id, func.max(StaffSession.created_at)).group_by(
                StaffSession.staff_id
            )
        ).all()
    )
    now = clock.now()
    rows = []
    for staff, role in session.execute(
        select(StaffAccount, StaffRole)
        .join(StaffRole, StaffRole.staff_id == StaffAccount.id)
        .where(StaffRole.revoked_at.is_(None))
        .order_by(StaffAccount.username, StaffRole.granted_at)
    ).all():
        if role.expires_at is not None and role.expires_at <= now:
            continue
        last = last_login.get(staff.id)
        rows.append(
            {
                "username": staff.username,
                "full_name": staff.full_name,
                "status": staff.status,
                "role": role.role,
                "scope_type": role.scope_type,
                "scope_code": role.scope_code,
                "since": role.granted_at.isoformat(),
                "expires_at": role.expires_at.isoformat() if role.expires_at else None,
                "granted_by": "bootstrap"
                if staff.bootstrap and role.request_id is None
                else role.request_id,
                "allowed_networks": role.allowed_networks or [],
                "last_login": clock.as_utc(last).isoformat() if last else None,
            }
        )
    return rows
