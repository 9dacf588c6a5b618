"""Every table, imported once so that migrations and the model/migration check see them all."""

from sihat.audit_live.models import AuditRun
from sihat.bluetrace.models import (
    TraceContact,
    TraceDevice,
    TraceUpload,
    UploadCode,
    UploadToken,
)
from sihat.cases.models import Case, CaseRetraction
from sihat.certificates.models import Certificate, Revocation
from sihat.checkins.models import (
    CheckIn,
    CheckInAggregate,
    Premise,
    PremiseMember,
    PurgedDay,
    QrSecurityEvent,
)
from sihat.core.alerts import Alert
from sihat.core.orm import Base
from sihat.core.trail import AuditEvent
from sihat.core.txmark import AppTxMarker
from sihat.exports.models import ExportAlert, ExportDownload, ExportRequest
from sihat.governance.models import RowChange, StaffApproval, StaffRequest
from sihat.identity.models import (
    Account,
    AccountRecovery,
    AccountSession,
    Dependent,
    OtpChallenge,
    Person,
    RegisterEntry,
)
from sihat.notifications.models import (
    InboxMessage,
    OutboxMessage,
    Preference,
    PushSubscription,
)
from sihat.orders.models import Order, OrderAlert
from sihat.registration.models import Registration, RegistrationAttempt
from sihat.risk.models import Exposure, RiskStatus, RiskView
from sihat.security.models import SecurityEvent, SourceBlock
from sihat.selfassess.models import Assessment, DailyTask, SelfTest
from sihat.staff.models import StaffAccount, StaffRole, StaffSession, StaffTotpStep
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
from sihat.vendors.models import ApprovalLimit, VendorContract, VendorInvoice, VendorUsage

metadata = Base.metadata

__all__ = [
    "Account",
    "AccountRecovery",
    "AccountSession",
    "AdverseEvent",
    "Alert",
    "Amendment",
    "AppTxMarker",
    "Appointment",
    "ApprovalLimit",
    "Assessment",
    "Assignment",
    "AuditEvent",
    "AuditRun",
    "Batch",
    "Capacity",
    "Case",
    "CaseRetraction",
    "Centre",
    "Certificate",
    "CheckIn",
    "CheckInAggregate",
    "DailyTask",
    "Dependent",
    "Dose",
    "ExportAlert",
    "ExportDownload",
    "ExportRequest",
    "Exposure",
    "InboxMessage",
    "LateEntry",
    "OperatingPeriod",
    "Order",
    "OrderAlert",
    "OtpChallenge",
    "OutboxMessage",
    "Person",
    "Preference",
    "Premise",
    "PremiseMember",
    "PurgedDay",
    "PushSubscription",
    "QrSecurityEvent",
    "RegisterEntry",
    "Registration",
    "RegistrationAttempt",
    "Revocation",
    "RiskStatus",
    "RiskView",
    "RowChange",
    "SecurityEvent",
    "SelfTest",
    "SlotBooking",
    "SourceBlock",
    "StaffAccount",
    "StaffApproval",
    "StaffRequest",
    "StaffRole",
    "StaffSession",
    "StaffTotpStep",
    "Stock",
    "StockMovement",
    "TraceContact",
    "TraceDevice",
    "TraceUpload",
    "UploadCode",
    "UploadToken",
    "VendorContract",
    "VendorInvoice",
    "VendorUsage",
    "metadata",
]
