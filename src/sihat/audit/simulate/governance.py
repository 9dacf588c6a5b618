"""Governance files of a simulated extract: staff changes, data access, attacks, payments and
daily app metrics. Each planted row is built with the reasons it is meant to break, and each
look-alike sits exactly on a boundary it must not cross; the expected counts come from that plan.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sihat.audit.simulate.doses import fmt_local
from sihat.audit.simulate.plan import AUDIT, SimulationConfig

STAFF_HEADER = [
    "event_id",
    "system",
    "user_id",
    "role",
    "ppv_code",
    "action",
    "occurred_at",
    "performed_by",
    "via",
    "request_id",
    "approved_by",
    "approved_at",
]
# (via, action, has request, approver rule, reasons it breaks)
STAFF_PLANTS = (
    ("SCRIPT", "CREATE", False, "none", "not_via_app;no_request;no_approver"),
    ("SCRIPT", "TERMINATE", False, "none", "not_via_app;no_request;no_approver"),
    ("DATABASE", "CANCEL_PPV_USER", False, "none", "not_via_app;no_request;no_approver"),
    ("APP", "TERMINATE", True, "none", "no_approver"),
    ("APP", "ROLE_CHANGE", True, "self", "self_approved"),
    ("APP", "CREATE", True, "late", "approved_after_change"),
    ("APP", "REACTIVATE", False, "other", "no_request"),
    ("SCRIPT", "ROLE_CHANGE", True, "other", "not_via_app"),
)


def _when(rng: random.Random) -> datetime:
    return datetime(2021, 3, 1, 8) + timedelta(minutes=rng.randrange(600_000))


def staff_events(w: Any, rng: random.Random, config: SimulationConfig) -> dict[str, Any]:
    planted = 96 if config.audit_numbers else 16
    clean = 400 if config.audit_numbers else 60
    by_action: Counter[str] = Counter()
    by_reason: Counter[str] = Counter()
    look = 0
    for n in range(clean + planted):
        at = _when(rng)
        system = rng.choice(("MYSEJAHTERA", "MYVAS"))
        performer, approver = f"ADM{rng.randrange(1, 40):03d}", f"APR{rng.randrange(1, 10):03d}"
        if n < clean:
            via, action, request, rule, reasons = (
                "APP",
                rng.choice(("CREATE", "TERMINATE")),
                True,
                "other",
                "",
            )
        else:
            via, action, request, rule, reasons = STAFF_PLANTS[n % len(STAFF_PLANTS)]
        approved_at = at - timedelta(minutes=rng.randrange(5, 600))
        if n < clean and n % 7 == 0:
            approved_at, look = at, look + 1  # approved the same second it happened: fine
        if rule == "late":
            approved_at = at + timedelta(hours=2)
        approved_by = {"none": "", "self": performer.lower(), "other": approver, "late": approver}[
            rule
        ]
        w.writerow(
            [
                f"SE{n + 1:07d}",
                system,
                f"USR{rng.randrange(1, 5000):05d}",
                "PPV_USER" if action == "CANCEL_PPV_USER" else "ADMIN",
                f"PPV{rng.randrange(1, 50):05d}" if action == "CANCEL_PPV_USER" else "",
                action,
                fmt_local(at, "offset"),
                performer,
                via,
                f"REQ{n:06d}" if request else "",
                approved_by,
                fmt_local(approved_at, "z") if approved_by else "",
            ]
        )
        if reasons:
            by_action[action] += 1
            for r in reasons.split(";"):
                by_reason[r] += 1
    return {
        "expected": {
            "events": planted,
            "by_action": dict(sorted(by_action.items())),
            "by_reason": dict(sorted(by_reason.items())),
        },
        "rows": clean + planted,
        "lookalikes": {"staff_approved_same_second": look},
    }


ACCESS_HEADER = [
    "event_id",
    "user_id",
    "role",
    "action",
    "record_count",
    "source_ip",
    "occurred_at",
    "request_id",
]


def data_access(w: Any, rng: random.Random, config: SimulationConfig) -> dict[str, Any]:
    bt = config.bulk_threshold
    rows: list[list[Any]] = []

    def add(
        user: str, role: str, action: str, records: int, ip: str, at: datetime, req: str
    ) -> None:
        rows.append([user, role, action, records, ip, fmt_local(at, "offset"), req])

    def spread(
        user: str,
        role: str,
        total: int,
        ips: list[str],
        start: datetime,
        days: int,
        events: int,
        req: str = "",
    ) -> None:
        base, rest = divmod(total, events)
        for e in range(events):
            at = start + timedelta(minutes=rng.randrange(days * 1440))
            add(
                user,
                role,
                "DOWNLOAD" if e % 2 else "EXPORT",
                base + (e < rest),
                ips[e % len(ips)],
                at,
                req,
            )

    flagged: list[dict[str, Any]] = []
    sa_records = AUDIT["bulk_records"] if config.audit_numbers else 3 * bt
    sa_ips = [f"10.{i}.{rng.randrange(256)}.{rng.randrange(1, 255)}" for i in range(1, 6)]
    sa_ips = sa_ips if config.audit_numbers else sa_ips[:3]
    spread("SA0001", "SUPER_ADMIN", sa_records, sa_ips, datetime(2021, 10, 28, 0), 4, 60)
    flagged.append(
        {
            "user_id": "SA0001",
            "role": "SUPER_ADMIN",
            "records": sa_records,
            "distinct_ips": len(sa_ips),
            "events": 60,
        }
    )
    if not config.audit_numbers:  # boundary cases that are findings
        spread("OPS0100", "OFFICER", bt, ["172.16.0.9"], datetime(2021, 9, 1, 9), 10, 5)
        flagged.append(
            {"user_id": "OPS0100", "role": "OFFICER", "records": bt, "distinct_ips": 1, "events": 5}
        )
        spread(
            "OPS0200", "OFFICER", bt // 10, ["172.16.1.1", "172.16.1.2"], datetime(2021, 9, 2), 5, 4
        )
        flagged.append(
            {
                "user_id": "OPS0200",
                "role": "OFFICER",
                "records": bt // 10,
                "distinct_ips": 2,
                "events": 4,
            }
        )
    # Look-alikes: approved exports, just below the limits, and large views.
    spread(
        "EXP0001",
        "DATA_OFFICER",
        50 * bt,
        ["10.9.9.9", "10.9.9.8"],
        datetime(2021, 8, 1),
        60,
        40,
        req="XR-2021-0042",
    )
    spread("OPS0300", "OFFICER", bt - 1, ["172.16.2.1"], datetime(2021, 9, 3), 5, 3)
    spread(
        "OPS0400", "OFFICER", bt // 10 - 1, ["172.16.3.1", "172.16.3.2"], datetime(2021, 9, 4), 5, 3
    )
    for v in range(200):
        add(
            f"USR{v % 37:05d}",
            "ADMIN",
            "VIEW",
            rng.randrange(1, 5 * bt),
            "10.1.1.1",
            _when(rng),
            "",
        )
    rng.shuffle(rows)
    for n, row in enumerate(rows):
        w.writerow([f"DA{n + 1:07d}", *row])
    flagged.sort(key=lambda a: (-a["records"], a["user_id"]))
    return {
        "expected": {"accounts": flagged, "bulk_threshold": bt},
        "rows": len(rows),
        "lookalikes": {
            "approved_export_records": 50 * bt,
            "users_just_below": 2,
            "view_events": 200,
        },
    }


SECURITY_HEADER = ["occurred_at", "source_ip", "kind", "target", "blocked", "count"]
KINDS = {
    "BRUTE_FORCE": 40,
    "CREDENTIAL_STUFFING": 25,
    "SQL_INJECTION": 8,
    "XSS": 5,
    "PATH_TRAVERSAL": 4,
    "SCANNING": 12,
    "DOS": 5,
    "OTHER": 1,
}


def security_events(w: Any, rng: random.Random, config: SimulationConfig) -> dict[str, Any]:
    total = (
        AUDIT["intrusions"]
        if config.audit_numbers
        else max(500, round(AUDIT["intrusions"] * config.scale))
    )
    rows = min(total, 2000)
    base, rest = divmod(total, rows)
    by_kind: Counter[str] = Counter()
    blocked = 0
    for n in range(rows):
        attempts = base + (n < rest)
        kind = rng.choices(list(KINDS), list(KINDS.values()))[0]
        is_blocked = rng.random() < 0.85
        cell = "" if attempts == 1 and n % 2 else str(attempts)  # empty count means 1
        w.writerow(
            [
                fmt_local(_when(rng), "z"),
                f"203.{rng.randrange(256)}.{rng.randrange(256)}.{n % 250 + 1}",
                kind,
                rng.choice(("/api/login", "/api/otp", "/admin", "/")),
                "true" if is_blocked else rng.choice(("false", "")),
                cell,
            ]
        )
        by_kind[kind] += attempts
        blocked += attempts if is_blocked else 0
    return {
        "expected": {
            "attempts": total,
            "by_kind": dict(sorted(by_kind.items())),
            "blocked": blocked,
        },
        "rows": rows,
        "lookalikes": {},
    }
