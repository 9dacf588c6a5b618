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

metadata = Base.metadata

__all__ = [
    "Account",
    "AccountSession",
    "AuditEvent",
    "Dependent",
    "OtpChallenge",
    "OutboxMessage",
    "Person",
    "RegisterEntry",
    "Registration",
    "RegistrationAttempt",
    "StaffAccount",
    "StaffRole",
    "StaffSession",
    "metadata",
]
