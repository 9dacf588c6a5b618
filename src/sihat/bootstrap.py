"""The one place that wires the domains together (the composition root).

Domains depend downward and never register themselves by being imported. What a lower layer
must learn of the higher ones is written here, and nowhere else:

- the error-code catalogue: every domain's ``codes.py`` (``core.errors``);
- event listeners: who acts on which event (``core.hooks``; the event names are constants in
  the emitting domain's ``events.py``);
- door-status providers: who colours a person at a premise door (``checkins.status``);
- the writer of refusals that must outlive their request (``core.alerts``: the security log);
- scheduled jobs (``core.scheduler``);
- security-event kinds for other domains' refusal codes (``security.hooks.classify``);
- the page templates of each domain (:data:`TEMPLATE_PACKAGES`, read by ``core.web``).

:func:`boot` is called first by every entry point: the application factory, the ``sihat``
command, and the test setup; it is idempotent and thread-safe. A new domain adds its lines
here (see ARCHITECTURE.md, "How to add a domain").
"""

from __future__ import annotations

import threading

from sihat.audit import codes as audit_codes
from sihat.audit_live import codes as audit_live_codes
from sihat.audit_live import runs as audit_live_runs
from sihat.bluetrace import codes as bluetrace_codes
from sihat.bluetrace import jobs as bluetrace_jobs
from sihat.cases import codes as cases_codes
from sihat.cases import contacts as cases_contacts
from sihat.cases import events as cases_events
from sihat.certificates import codes as certificates_codes
from sihat.certificates import listeners as certificates_listeners
from sihat.checkins import codes as checkins_codes
from sihat.checkins import status as door
from sihat.core import alerts, errors, hooks, scheduler, web
from sihat.core.settings import get_settings
from sihat.demo import codes as demo_codes
from sihat.exports import codes as exports_codes
from sihat.governance import codes as governance_codes
from sihat.governance import jobs as governance_jobs
from sihat.hotspots import codes as hotspots_codes
from sihat.hotspots import premises as hotspot_premises
from sihat.identity import codes as identity_codes
from sihat.identity import deps as identity_deps
from sihat.identity import proofing as identity_proofing
from sihat.identity import recovery as identity_recovery
from sihat.notifications import codes as notifications_codes
from sihat.notifications import worker as notify_worker
from sihat.orders import codes as orders_codes
from sihat.orders import jobs as orders_jobs
from sihat.registration import codes as registration_codes
from sihat.risk import codes as risk_codes
from sihat.risk import door as risk_door
from sihat.risk import immunity as risk_immunity
from sihat.risk import jobs as risk_jobs
from sihat.risk import listeners as risk_listeners
from sihat.risk import report as risk_report
from sihat.security import codes as security_codes
from sihat.security import hooks as security_hooks
from sihat.security import service as security_service
from sihat.security import web as security_web
from sihat.selfassess import codes as selfassess_codes
from sihat.selfassess import tasks as selfassess_tasks
from sihat.staff import codes as staff_codes
from sihat.staff import deps as staff_deps
from sihat.vaccination import codes as vaccination_codes
from sihat.vaccination import door as vaccination_door
from sihat.vaccination import events as vaccination_events
from sihat.vendors import codes as vendors_codes

# Every domain's refusal codes, lowest layer first.
CODE_TABLES: dict[str, dict[str, tuple[int, str, str]]] = {
    "notifications": notifications_codes.CODES,
    "identity": identity_codes.CODES,
    "staff": staff_codes.CODES,
    "governance": governance_codes.CODES,
    "security": security_codes.CODES,
    "vendors": vendors_codes.CODES,
    "registration": registration_codes.CODES,
    "checkins": checkins_codes.CODES,
    "risk": risk_codes.CODES,
    "vaccination": vaccination_codes.CODES,
    "cases": cases_codes.CODES,
    "exports": exports_codes.CODES,
    "certificates": certificates_codes.CODES,
    "orders": orders_codes.CODES,
    "bluetrace": bluetrace_codes.CODES,
    "hotspots": hotspots_codes.CODES,
    "selfassess": selfassess_codes.CODES,
    "audit": audit_codes.CODES,
    "audit_live": audit_live_codes.CODES,
    "demo": demo_codes.CODES,
}

# Packages whose ``templates/`` folder is served, under the package's last name
# (``"identity/me.html"``).
TEMPLATE_PACKAGES: tuple[str, ...] = (
    "sihat.core",
    "sihat.public",
    "sihat.identity",
    "sihat.staff",
    "sihat.governance",
    "sihat.security",
    "sihat.vendors",
    "sihat.registration",
    "sihat.checkins",
    "sihat.risk",
    "sihat.vaccination",
    "sihat.cases",
    "sihat.exports",
    "sihat.certificates",
    "sihat.orders",
    "sihat.bluetrace",
    "sihat.hotspots",
    "sihat.selfassess",
    "sihat.audit",
    "sihat.audit_live",
)

_lock = threading.Lock()
_booted = False


def boot() -> None:
    """Wire every domain, once per process."""
    global _booted
    with _lock:
        if _booted:
            return
        for table in CODE_TABLES.values():
            errors.register(table)
        hooks.subscribe(vaccination_events.DOSE_RECORDED, certificates_listeners.dose_recorded)
        hooks.subscribe(
            vaccination_events.AMENDMENT_DECIDED, certificates_listeners.amendment_decided
        )
        hooks.subscribe(cases_events.CASE_CONFIRMED, risk_listeners.on_case_confirmed)
        hooks.subscribe(cases_events.CASE_CONFIRMED, cases_contacts.on_case_confirmed)
        hooks.subscribe(cases_events.CASE_RETRACTED, risk_listeners.on_case_retracted)
        hooks.mark_ready()
        door.register_provider(vaccination_door.door_status)
        door.register_provider(risk_door.door_status)  # after vaccination: red wins
        risk_immunity.install(vaccination_door.fully_vaccinated)
        risk_report.count_hotspots_with(hotspot_premises.daily_counts)
        alerts.deliver_refusals_to(security_service.deliver_refusal)
        # Refused account recoveries and phone changes are takeover attempts to watch.
        security_service.register_kinds(
            {"TAKEOVER_ATTEMPT": "an account recovery or phone change refused (wrong details)"}
        )
        # A sign-up typing the number of someone on record without proof (identity.proofing):
        # watched, not counted towards a block (the real owner signing up looks the same).
        security_service.register_kinds(
            {identity_proofing.EVENT: "a sign-up claimed a record without proof (not linked)"},
            blocking=False,
        )
        security_hooks.classify(
            {
                "recovery_not_matched": "TAKEOVER_ATTEMPT",
                "recovery_pending": "TAKEOVER_ATTEMPT",
                "recovery_cancel_code_wrong": "TAKEOVER_ATTEMPT",
                "password_wrong": "TAKEOVER_ATTEMPT",
            }
        )
        web.register_viewer(staff_deps.viewer)  # the navigation: staff first (own cookie)
        # Security events and blocks count by (address, account) where a session exists.
        security_web.register_principal(staff_deps.COOKIE, staff_deps.principal)
        security_web.register_principal(identity_deps.COOKIE, identity_deps.principal)
        web.register_viewer(identity_deps.viewer)
        scheduler.register("governance-scan", governance_jobs.scan_out_of_band)
        scheduler.register("audit-log-checkpoint", governance_jobs.checkpoint_audit_log)
        scheduler.register("live-audit", audit_live_runs.run_if_due)
        scheduler.register("risk-expiry", risk_jobs.expire_due)
        scheduler.register("contact-tracing", cases_contacts.trace_recent)
        scheduler.register("order-enforcement", orders_jobs.enforce)
        scheduler.register("account-recovery", identity_recovery.complete_due_job)
        scheduler.register("trace-archive-purge", bluetrace_jobs.purge_archives)
        scheduler.register("selfassess-tasks", selfassess_tasks.run)
        scheduler.register(
            "notify-delivery",
            notify_worker.job,
            every_seconds=get_settings().notify_every_seconds,
        )
        _booted = True
