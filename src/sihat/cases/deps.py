"""Who is calling the case pages: a logged-in staff member who is a health officer (national,
or scoped to a state or district); the area check itself is in ``access``."""

from __future__ import annotations

from typing import Any

from fastapi import Depends

from sihat.cases import access
from sihat.staff.deps import StaffPage
from sihat.staff.models import StaffAccount


def _officer(staff: StaffAccount = StaffPage) -> StaffAccount:
    access.require_officer(staff)
    return staff


OfficerPage: Any = Depends(_officer)
