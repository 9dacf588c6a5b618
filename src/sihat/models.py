"""Every table, imported once so that migrations and the model/migration check see them all."""

from sihat.core.audit import AuditEvent
from sihat.core.db import Base
from sihat.identity.models import (
    Account,
    AccountSession,
    Dependent,
    OtpChallenge,
    Person,
    RegisterEntry,
)
from sihat.notifications.models import OutboxMessage
from sihat.registration.models import Registration, RegistrationAttempt
from sihat.staff.models import StaffAccount, StaffRole, StaffSession
from sihat.vaccination.models import (
    AdverseEvent,
    Amendment,
    Appointment,
    Assignment,
    Batch,
    Capacity,
    Centre,
    Dose,
    LateEntry,
    OperatingPeriod,
    SlotBooking,
    Stock,
    StockMovement,
)

metadata = Base.metadata

__all__ = [
    "Account",
    "AccountSession",
    "AdverseEvent",
    "Amendment",
    "Appointment",
    "Assignment",
    "AuditEvent",
    "Batch",
    "Capacity",
    "Centre",
    "Dependent",
    "Dose",
    "LateEntry",
    "OperatingPeriod",
    "OtpChallenge",
    "OutboxMessage",
    "Person",
    "RegisterEntry",
    "Registration",
    "RegistrationAttempt",
    "SlotBooking",
    "StaffAccount",
    "StaffRole",
    "StaffSession",
    "Stock",
    "StockMovement",
    "metadata",
]
