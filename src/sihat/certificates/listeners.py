"""What certificates does when vaccination records or corrects a dose: subscribed to
``vaccination.events`` by ``sihat.bootstrap`` (see ``core.hooks``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sihat.certificates import records
from sihat.vaccination.models import Amendment, Dose


def dose_recorded(session: Session, *, dose: Dose) -> None:
    records.issue_for_dose_record(session, dose)


def amendment_decided(session: Session, *, amendment: Amendment, original: Dose) -> None:
    if amendment.status != "APPROVED":
        return
    if amendment.replacement_id is None:
        records.on_dose_voided(session, original)
        return
    replacement = session.get(Dose, amendment.replacement_id)
    if replacement is None:  # pragma: no cover - the replacement was flushed just before
        raise LookupError(f"replacement dose {amendment.replacement_id} not found")
    records.on_dose_amended(session, original, replacement)
