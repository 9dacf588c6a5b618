"""Rows of each extract file, read from the domains' tables in batches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select, table
from sqlalchemy.orm import Session

from sihat.audit import schema
from sihat.core import clock
from sihat.core.trail import AuditEvent
from sihat.core.txmark import is_genuine
from sihat.governance.models import RowChange, StaffApproval, StaffRequest
from sihat.identity.models import Account, Person
from sihat.registration.models import Registration, RegistrationAttempt
from sihat.vaccination import vaccines
from sihat.vaccination.models import Batch, Centre, Dose, OperatingPeriod

Row = dict[str, Any]
BATCH = 5000

ACCOUNT_COLUMNS = schema.column_names(schema.ACCOUNTS)
REGISTRATION_COLUMNS = schema.column_names(schema.REGISTRATIONS)
PPV_COLUMNS = schema.column_names(schema.PPV)
VACCINATION_COLUMNS = schema.column_names(schema.VACCINATIONS)
STAFF_EVENT_COLUMNS = schema.column_names(schema.STAFF_EVENTS)
BRANDS = {
    "pfizer": "PFIZER",
    "sinovac": "SINOVAC",
    "astra": "ASTRAZENECA",
    "sinopharm": "SINOPHARM",
    "cansino": "CANSINO",
    "moderna": "MODERNA",
}
CENTRE_TYPES = {"HOSPITAL", "HEALTH_CLINIC", "PRIVATE_CLINIC", "MEGA", "OUTREACH", "WORKPLACE"}


def count_of(name: str) -> Callable[[Session], int]:
    def count(session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(table(name))) or 0)

    return count


# The person's MySJ ID, joined in the query (at most one ACTIVE account per person, by a
# unique index), so the extract streams instead of holding every account in memory.
ACTIVE_MYSJ = (
    select(Account.person_id, Account.mysj_id).where(Account.status == "ACTIVE").subquery()
)


def accounts(session: Session) -> Iterator[Row]:
    query = select(Account, Person).join(Person, Person.id == Account.person_id)
    for account, person in session.execute(query.execution_options(yield_per=BATCH)):
        yield {
            "mysj_id": account.mysj_id,
            "id_type": person.id_type,
            "id_number": person.id_number,
            "full_name": person.full_name,
            "date_of_birth": person.date_of_birth,
            "sex": person.sex,
            "nationality": person.nationality,
            "phone": account.phone,
            "email": person.email,
            "state": person.state,
            "created_at": account.created_at,
            "status": account.status,
            "identity_verified": person.verified_at is not None,
        }


def registrations(session: Session) -> Iterator[Row]:
    query = (
        select(Registration, Person, ACTIVE_MYSJ.c.mysj_id)
        .join(Person, Person.id == Registration.person_id)
        .outerjoin(ACTIVE_MYSJ, ACTIVE_MYSJ.c.person_id == Person.id)
    )
    for reg, person, mysj_id in session.execute(query.execution_options(yield_per=BATCH)):
        base = {
            "mysj_id": mysj_id if reg.channel == "MYSJ" else None,
            "id_type": person.id_type,
            "id_number": person.id_number,
            "state": reg.state or person.state,
        }
        yield {
            **base,
            "registration_id": reg.id,
            "channel": reg.channel,
            "registered_at": reg.registered_at,
        }
    # A repeat through another channel is the person registering there too (the spec counts
    # individuals by channel precedence, so the audit sees every channel used).
    attempts = (
        select(RegistrationAttempt, Registration, Person)
        .join(Registration, Registration.id == RegistrationAttempt.registration_id)
        .join(Person, Person.id == Registration.person_id)
    )
    for attempt, reg, person in session.execute(attempts.execution_options(yield_per=BATCH)):
        yield {
            "registration_id": attempt.id,
            "mysj_id": None,
            "id_type": person.id_type,
            "id_number": person.id_number,
            "channel": attempt.channel,
            "registered_at": attempt.attempted_at,
            "state": reg.state or person.state,
        }


def ppv(session: Session) -> Iterator[Row]:
    query = select(OperatingPeriod, Centre).join(Centre, Centre.code == OperatingPeriod.ppv_code)
    for period, centre in session.execute(query.order_by(Centre.code, OperatingPeriod.opens_on)):
        yield {
            "ppv_code": centre.code,
            "name": centre.name,
            "type": centre.type if centre.type in CENTRE_TYPES else "OTHER",
            "state": centre.state,
            "district": centre.district,
            "opened_on": period.opens_on,
            "closed_on": period.closes_on,
        }


def vaccinations(session: Session) -> Iterator[Row]:
    brand = {code: BRANDS.get(p.key, "OTHER") for code, p in vaccines.load().products.items()}
    query = (
        select(Dose, Person, Batch.lot, ACTIVE_MYSJ.c.mysj_id)
        .join(Person, Person.id == Dose.person_id)
        .join(Batch, Batch.id == Dose.batch_id)
        .outerjoin(ACTIVE_MYSJ, ACTIVE_MYSJ.c.person_id == Person.id)
    )
    for dose, person, lot, mysj_id in session.execute(query.execution_options(yield_per=BATCH)):
        yield {
            "record_id": dose.id,
            "mysj_id": mysj_id,
            "id_type": person.id_type,
            "id_number": person.id_number,
            "dose_number": dose.dose_number,
            "vaccine_brand": brand.get(dose.product, "OTHER"),
            "batch_no": lot,
            "ppv_code": dose.ppv_code,
            "vaccinator_id": dose.vaccinator_id,
            "vaccinated_at": dose.administered_at,
            "uploaded_at": dose.received_at,
        }


STAFF_ACTIONS = {
    "staff:account:bootstrapped": "CREATE",
    "staff:account:created": "CREATE",
    "staff:account:terminated": "TERMINATE",
    "staff:account:reactivated": "REACTIVATE",
    "staff:roles:changed": "ROLE_CHANGE",
    "staff:ppv_user:cancelled": "CANCEL_PPV_USER",
}
ROW_ACTIONS = {
    ("staff_accounts", "INSERT"): "CREATE",
    ("staff_accounts", "DELETE"): "TERMINATE",
    ("staff_accounts", "UPDATE"): "ROLE_CHANGE",
}


def staff_events(session: Session) -> Iterator[Row]:
    """Changes carried out by the application (with their request and approver) and changes
    found by the database triggers without the application's marker (via DATABASE)."""
    query = select(AuditEvent).where(AuditEvent.action.in_(list(STAFF_ACTIONS)))
    for event in session.scalars(query.order_by(AuditEvent.id)):
        request = (
            session.get(StaffRequest, event.actor_id) if event.actor_type == "request" else None
        )
        approval = None
        if request is not None:
            approval = session.scalars(
                select(StaffApproval)
                .where(StaffApproval.request_id == request.id, StaffApproval.decision == "APPROVE")
                .order_by(StaffApproval.decided_at.desc())
            ).first()
        yield {
            "event_id": f"A{event.id}",
            "system": "MYVAS" if event.details.get("ppv_code") else "MYSEJAHTERA",
            "user_id": event.target_id,
            "role": ",".join(event.details.get("roles", [])) or None,
            "ppv_code": event.details.get("ppv_code"),
            "action": STAFF_ACTIONS[event.action],
            "occurred_at": event.occurred_at,
            "performed_by": request.maker_id if request else event.actor_type,
            "via": "APP",
            "request_id": request.id if request else None,
            "approved_by": approval.approver_id if approval else None,
            "approved_at": approval.decided_at if approval else None,
        }
    for change in session.scalars(select(RowChange).order_by(RowChange.id)):
        if is_genuine(change.app_token) or change.table_name not in (
            "staff_accounts",
            "staff_roles",
        ):
            continue
        yield {
            "event_id": f"R{change.id}",
            "system": "MYSEJAHTERA",
            "user_id": change.row_id,
            "action": ROW_ACTIONS.get((change.table_name, change.operation), "ROLE_CHANGE"),
            "occurred_at": change.changed_at or clock.now().isoformat(),
            "performed_by": change.db_user,
            "via": "DATABASE",
        }
