"""Correcting a recorded dose (a wrong batch, date and time, or dose number): what the request
changes, checked by the dose rules when asked, then the amendment flow of
:mod:`sihat.vaccination.approvals` (a supervisor other than the requester approves; the
original record stays, the corrected one counts instead of it).

The recipient is not corrected here: a dose recorded for the wrong person is voided and
recorded again for the right one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.vaccination import approvals, doses, stock, vaccines
from sihat.vaccination.models import Amendment, Batch, Dose

# The fields a correction page offers, in the order it shows them.
FIELDS = ("batch_id", "product", "dose_number", "administered_at")


@dataclass(frozen=True)
class Wanted:
    """The record as the requester says it should read."""

    batch_id: str
    dose_number: int
    administered_at: datetime  # aware


def _minute(moment: datetime) -> datetime:
    return clock.as_utc(moment).replace(second=0, microsecond=0)


def changes(session: Session, dose: Dose, wanted: Wanted) -> dict[str, str]:
    """The fields that differ from ``dose`` (the product follows the batch); refused with
    ``correction_unchanged`` when nothing does. The time is compared to the minute, as the
    page shows it."""
    found: dict[str, str] = {}
    if wanted.batch_id != dose.batch_id:
        batch = stock.get_batch(session, wanted.batch_id)
        found["batch_id"] = batch.id
        if batch.product != dose.product:
            found["product"] = batch.product
    if wanted.dose_number != dose.dose_number:
        found["dose_number"] = str(wanted.dose_number)
    if wanted.administered_at.tzinfo is None:
        raise Problem("invalid_input", field="administered_at")
    if _minute(wanted.administered_at) != _minute(dose.administered_at):
        found["administered_at"] = _minute(wanted.administered_at).isoformat()
    if not found:
        raise Problem("correction_unchanged", field="reason")
    return found


def dose_at(session: Session, code: str, dose_id: str) -> Dose:
    """A dose recorded at centre ``code`` (404 for any other, as for one that does not exist)."""
    dose = session.get(Dose, dose_id)
    if dose is None or dose.ppv_code != code:
        raise Problem("not_found", field="dose_id")
    return dose


def request_correction(
    session: Session, staff: StaffAccount, code: str, dose_id: str, wanted: Wanted, reason: str
) -> Amendment:
    """Ask for a correction of a dose of centre ``code``. The corrected record is checked now
    by the rules it will be saved under (the centre open that day, the batch there, in date
    and of the product, the dose sequence), so the requester hears a refusal at once rather
    than the supervisor at approval; the late-entry rule aside, as at approval."""
    dose = dose_at(session, code, dose_id)
    found = changes(session, dose, wanted)
    corrected = doses.DoseInput(
        person_id=dose.person_id,
        dose_number=int(found.get("dose_number", dose.dose_number)),
        product=found.get("product", dose.product),
        batch_id=found.get("batch_id", dose.batch_id),
        ppv_code=dose.ppv_code,
        administered_at=(
            datetime.fromisoformat(found["administered_at"])
            if "administered_at" in found
            else dose.administered_at
        ),
    )
    if not approvals.may_request(session, staff, code):
        raise Problem("vaccinator_not_assigned", field="ppv_code")
    received = clock.now()
    doses.check(
        session, staff, corrected, received, assignment_rule=False, late_rule=False, exclude=dose.id
    )
    return approvals.request_amendment(session, staff, dose.id, "CORRECT", found, reason)


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def described(session: Session, amendment: Amendment, dose: Dose) -> list[Change]:
    """What an amendment changes, as a person reads it: batch lots, Malaysia times."""
    shown: list[Change] = []
    for name in FIELDS:
        if name not in amendment.changes:
            continue
        after = amendment.changes[name]
        if name == "batch_id":
            shown.append(Change(name, _lot(session, dose.batch_id), _lot(session, after)))
        elif name == "administered_at":
            shown.append(Change(name, local(dose.administered_at), local(after)))
        elif name == "product":
            shown.append(Change(name, product_name(dose.product), product_name(after)))
        else:
            shown.append(Change(name, str(getattr(dose, name)), after))
    return shown


def _lot(session: Session, batch_id: str) -> str:
    batch = session.get(Batch, batch_id)
    return batch.lot if batch else ""


def product_name(product: str) -> str:
    found = vaccines.load().products.get(product)
    return found.name if found else product


def local(moment: datetime | str) -> str:
    """A moment in Malaysia time, as the pages write it."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M")
