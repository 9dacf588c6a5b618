"""Premises: registration by an owner, staff, QR rotation, and counts (never who came).

Services flush, never commit. Premises are reached only through :func:`premise_for_member`,
which answers ``not_found`` to anyone who does not run the premise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.checkins import partitions
from sihat.checkins.models import CheckIn, Premise, PremiseMember
from sihat.core import clock, geo, trail
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity.models import Account

# code -> (Malay, English)
CATEGORIES: dict[str, tuple[str, str]] = {
    "RETAIL": ("Kedai runcit dan pasar raya", "Shop and supermarket"),
    "FOOD": ("Restoran dan gerai makan", "Restaurant and food stall"),
    "WORSHIP": ("Rumah ibadat", "Place of worship"),
    "OFFICE": ("Pejabat", "Office"),
    "FACTORY": ("Kilang", "Factory"),
    "EDUCATION": ("Sekolah dan institusi pendidikan", "School and education"),
    "HEALTH": ("Klinik dan hospital", "Clinic and hospital"),
    "TRANSPORT": ("Pengangkutan awam", "Public transport"),
    "RECREATION": ("Rekreasi dan sukan", "Recreation and sport"),
    "ACCOMMODATION": ("Penginapan", "Accommodation"),
    "GOVERNMENT": ("Pejabat kerajaan", "Government office"),
    "OTHER": ("Lain-lain", "Other"),
}


@dataclass(frozen=True)
class PremiseInput:
    name: str
    category: str
    address: str
    state: str
    district: str
    latitude: float | None = None
    longitude: float | None = None


def _validate(data: PremiseInput) -> None:
    if len(data.name.strip()) < 2:
        raise Problem("invalid_premise_name", field="name")
    if data.category not in CATEGORIES:
        raise Problem("invalid_category", field="category")
    if data.state not in geo.state_names():
        raise Problem("invalid_state", field="state")
    if data.district not in geo.districts().get(data.state, []):
        raise Problem("invalid_district", field="district")


def register_premise(session: Session, owner: Account, data: PremiseInput) -> Premise:
    _validate(data)
    now = clock.now()
    premise = Premise(
        owner_account_id=owner.id,
        name=data.name.strip(),
        category=data.category,
        address=data.address.strip(),
        state=data.state,
        district=data.district,
        latitude=data.latitude,
        longitude=data.longitude,
        qr_version=1,
        status="ACTIVE",
        created_at=now,
    )
    session.add(premise)
    session.flush()
    session.add(
        PremiseMember(premise_id=premise.id, account_id=owner.id, role="OWNER", added_at=now)
    )
    trail.record(
        session,
        "checkins:premise:registered",
        actor_type="account",
        actor_id=owner.id,
        target_type="premise",
        target_id=premise.id,
        state=premise.state,
        category=premise.category,
    )
    session.flush()
    return premise


def premise_for_member(
    session: Session, account: Account, premise_id: str, *, owner_only: bool = False
) -> Premise:
    """The premise if ``account`` runs it (as owner, or as staff unless ``owner_only``)."""
    member = session.get(PremiseMember, (premise_id, account.id))
    if member is None or (owner_only and member.role != "OWNER"):
        raise Problem("not_found")
    premise = session.get(Premise, premise_id)
    if premise is None:
        raise Problem("not_found")
    return premise


def premises_of(session: Session, account: Account) -> list[tuple[Premise, str]]:
    rows = session.execute(
        select(Premise, PremiseMember.role)
        .join(PremiseMember, PremiseMember.premise_id == Premise.id)
        .where(PremiseMember.account_id == account.id)
        .order_by(Premise.created_at)
    )
    return [(p, role) for p, role in rows]


def rotate_qr(session: Session, owner: Account, premise_id: str) -> Premise:
    """Issue a new code: every earlier printed code is refused from now on."""
    premise = premise_for_member(session, owner, premise_id, owner_only=True)
    premise.qr_version += 1
    premise.rotated_at = clock.now()
    trail.record(
        session,
        "checkins:premise:qr_rotated",
        actor_type="account",
        actor_id=owner.id,
        target_type="premise",
        target_id=premise.id,
        version=premise.qr_version,
    )
    session.flush()
    return premise


def add_staff(session: Session, owner: Account, premise_id: str, mysj_id: str) -> PremiseMember:
    premise = premise_for_member(session, owner, premise_id, owner_only=True)
    staff = session.scalar(
        select(Account).where(Account.mysj_id == mysj_id.strip(), Account.status == "ACTIVE")
    )
    if staff is None:
        raise Problem("not_found", field="mysj_id")
    if session.get(PremiseMember, (premise.id, staff.id)) is not None:
        raise Problem("already_premise_staff", field="mysj_id")
    member = PremiseMember(
        premise_id=premise.id, account_id=staff.id, role="STAFF", added_at=clock.now()
    )
    session.add(member)
    trail.record(
        session,
        "checkins:premise:staff_added",
        actor_type="account",
        actor_id=owner.id,
        target_type="premise",
        target_id=premise.id,
        staff_account_id=staff.id,
    )
    session.flush()
    return member


@dataclass(frozen=True)
class DayCount:
    day: date
    checkins: int
    open_now: int


def counts(session: Session, premise: Premise, days: int = 7) -> list[DayCount]:
    """Check-ins per Malaysian day for the last ``days`` days: numbers only, never people."""
    today = clock.today_my()
    first = today - timedelta(days=days - 1)
    start, _ = partitions.day_bounds(first)
    _, end = partitions.day_bounds(today)
    now = clock.now()
    visit = timedelta(minutes=get_settings().checkin_visit_minutes)
    rows = session.execute(
        select(CheckIn.checked_in_at, CheckIn.checked_out_at).where(
            CheckIn.premise_id == premise.id,
            CheckIn.checked_in_at >= start,
            CheckIn.checked_in_at < end,
        )
    ).all()
    per_day = {first + timedelta(days=i): [0, 0] for i in range(days)}
    for at, out in rows:
        entry = per_day[clock.malaysia_date(at)]
        entry[0] += 1
        if (out is None and at + visit > now) or (out is not None and out > now):
            entry[1] += 1
    return [DayCount(day, n, open_) for day, (n, open_) in sorted(per_day.items())]


def count_between(session: Session, premise: Premise, start: datetime, end: datetime) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(
                CheckIn.premise_id == premise.id,
                CheckIn.checked_in_at >= start,
                CheckIn.checked_in_at < end,
            )
        )
        or 0
    )
