"""The audit extract's files and columns, exactly as ``shared/spec/audit-extract.md`` lists them.

Each column has a *kind* that says how its text is parsed (see ``parsing.py``). A required
column must be present and every value in it must parse; an optional column may be absent
(read as all-empty) and a value that does not parse is reported under ``data_quality`` and
treated as missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ID_TYPES_DIGITS = ("MYKAD", "MYPR", "MYKAS", "MYTENTERA")
CHANNELS = ("MYSJ", "HOTLINE", "WEB", "WALKIN", "OUTREACH")  # precedence order


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, upper, date, timestamp, date_or_ts, bool, int, decimal, enum
    required: bool = False
    values: tuple[str, ...] = ()  # for kind "enum"
    unique: bool = False


@dataclass(frozen=True)
class FileSpec:
    name: str  # table name; the file is ``<name>.csv``
    columns: tuple[Column, ...]
    identity: bool = False  # has id_type + id_number: derive ``id_key_type`` / ``id_key_number``
    derived: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def column_names(spec: FileSpec) -> tuple[str, ...]:
    """The file's header in the contract's order."""
    return tuple(c.name for c in spec.columns)


def _c(name: str, kind: str = "text", *, req: bool = False, values: tuple[str, ...] = ()) -> Column:
    return Column(name, kind, req, values, unique=False)


def _id(name: str) -> Column:
    return Column(name, "text", True, (), unique=True)


ACCOUNTS = FileSpec(
    "accounts",
    (
        _id("mysj_id"),
        _c("id_type", "upper", req=True),
        _c("id_number", req=True),
        _c("full_name", req=True),
        _c("date_of_birth", "date"),
        _c("sex", "enum", values=("M", "F")),
        _c("nationality", "upper"),
        _c("phone"),
        _c("email"),
        _c("state"),
        _c("created_at", "timestamp", req=True),
        _c("status", "enum", req=True, values=("ACTIVE", "INACTIVE", "CLOSED")),
        _c("identity_verified", "bool", req=True),
    ),
    identity=True,
)

REGISTRATIONS = FileSpec(
    "registrations",
    (
        _id("registration_id"),
        _c("mysj_id"),
        _c("id_type", "upper", req=True),
        _c("id_number", req=True),
        _c("channel", "enum", req=True, values=CHANNELS),
        _c("registered_at", "timestamp", req=True),
        _c("state"),
    ),
    identity=True,
)

PPV = FileSpec(
    "ppv",
    (
        _c("ppv_code", req=True),
        _c("name"),
        _c(
            "type",
            "enum",
            values=(
                "HOSPITAL",
                "HEALTH_CLINIC",
                "PRIVATE_CLINIC",
                "MEGA",
                "OUTREACH",
                "WORKPLACE",
                "OTHER",
            ),
        ),
        _c("state"),
        _c("district"),
        _c("opened_on", "date", req=True),
        _c("closed_on", "date"),
    ),
)

VACCINE_BRANDS = ("PFIZER", "SINOVAC", "ASTRAZENECA", "SINOPHARM", "CANSINO", "MODERNA", "OTHER")

VACCINATIONS = FileSpec(
    "vaccinations",
    (
        _id("record_id"),
        _c("mysj_id"),
        _c("id_type", "upper"),
        _c("id_number"),
        _c("dose_number", "dose"),
        _c("vaccine_brand", "enum", values=VACCINE_BRANDS),
        _c("batch_no"),
        _c("ppv_code"),
        _c("vaccinator_id"),
        _c("vaccinated_at", "date_or_ts"),
        _c("uploaded_at", "timestamp"),
    ),
    identity=True,
)

# The nine values a complete dose record must carry (spec, vaccinations.csv).
MANDATORY_DOSE_FIELDS = (
    "id_type",
    "id_number",
    "dose_number",
    "vaccine_brand",
    "batch_no",
    "ppv_code",
    "vaccinator_id",
    "vaccinated_at",
    "uploaded_at",
)

STAFF_EVENTS = FileSpec(
    "staff_events",
    (
        _id("event_id"),
        _c("system", "enum", req=True, values=("MYSEJAHTERA", "MYVAS")),
        _c("user_id", req=True),
        _c("role"),
        _c("ppv_code"),
        _c(
            "action",
            "enum",
            req=True,
            values=("CREATE", "TERMINATE", "ROLE_CHANGE", "REACTIVATE", "CANCEL_PPV_USER"),
        ),
        _c("occurred_at", "timestamp", req=True),
        _c("performed_by"),
        _c("via", "enum", req=True, values=("APP", "SCRIPT", "DATABASE")),
        _c("request_id"),
        _c("approved_by"),
        _c("approved_at", "timestamp"),
    ),
)

DATA_ACCESS = FileSpec(
    "data_access",
    (
        _id("event_id"),
        _c("user_id", req=True),
        _c("role", "upper"),
        _c("action", "enum", req=True, values=("EXPORT", "DOWNLOAD", "VIEW")),
        _c("record_count", "int", req=True),
        _c("source_ip", req=True),
        _c("occurred_at", "timestamp", req=True),
        _c("request_id"),
    ),
)

ATTACK_KINDS = (
    "BRUTE_FORCE",
    "CREDENTIAL_STUFFING",
    "SQL_INJECTION",
    "XSS",
    "PATH_TRAVERSAL",
    "SCANNING",
    "DOS",
    "OTHER",
)

SECURITY_EVENTS = FileSpec(
    "security_events",
    (
        _c("occurred_at", "timestamp", req=True),
        _c("source_ip", req=True),
        _c("kind", "enum", req=True, values=ATTACK_KINDS),
        _c("target"),
        _c("blocked", "bool"),
        _c("count", "int"),
    ),
)

PAYMENTS = FileSpec(
    "payments",
    (
        _id("payment_id"),
        _c("vendor", req=True),
        _c("service", "enum", req=True, values=("SMS", "MAPS_API", "OTHER")),
        _c("contract_ref"),
        _c("invoice_no"),
        _c("invoice_date", "date"),
        _c("amount_myr", "decimal", req=True),
        _c("verified_by"),
        _c("verified_at", "timestamp"),
        _c("approved_by"),
        _c("approved_at", "timestamp"),
        _c("approver_limit_myr", "decimal"),
        _c("paid_at", "timestamp"),
    ),
)

APP_METRICS = FileSpec(
    "app_metrics",
    (
        _c("date", "date", req=True),
        _c("checkins", "int", req=True),
        _c("registered_users_cumulative", "int"),
        _c("trace_users_cumulative", "int"),
        _c("self_assessment_users_cumulative", "int"),
        _c("myrisk_views", "int"),
        _c("new_cases", "int"),
        # sihat's additions (optional, after the contract's columns): self-assessment completion
        _c("self_assessment_started", "int"),
        _c("self_assessment_completed", "int"),
        _c("self_assessment_tasks_due", "int"),
        _c("self_assessment_tasks_done", "int"),
    ),
)

FILES: tuple[FileSpec, ...] = (
    ACCOUNTS,
    REGISTRATIONS,
    PPV,
    VACCINATIONS,
    STAFF_EVENTS,
    DATA_ACCESS,
    SECURITY_EVENTS,
    PAYMENTS,
    APP_METRICS,
)
FILES_BY_NAME = {f.name: f for f in FILES}
