"""Who may read the security log (SECURITY_OFFICER, ADMIN, AUDITOR) and who may block or
unblock a source by hand (SECURITY_OFFICER). Kept apart from ``service`` so that the
service imports no domain."""

from __future__ import annotations

from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

READERS = ("SECURITY_OFFICER", "ADMIN", "AUDITOR")


def can_read(staff: StaffAccount) -> bool:
    return any(has_role(staff, r) for r in READERS)


def require_reader(staff: StaffAccount) -> None:
    if not can_read(staff):
        raise Problem("forbidden")


def require_officer(staff: StaffAccount) -> None:
    if not has_role(staff, "SECURITY_OFFICER"):
        raise Problem("forbidden")
