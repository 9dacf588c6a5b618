"""Vendor payments (SMS and Google Maps/Places API) and the daily app metrics of an extract."""

from __future__ import annotations

import random
import statistics
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sihat.audit.simulate import rates
from sihat.audit.simulate.doses import fmt_local
from sihat.audit.simulate.plan import SimulationConfig

PAYMENT_HEADER = [
    "payment_id",
    "vendor",
    "service",
    "contract_ref",
    "invoice_no",
    "invoice_date",
    "amount_myr",
    "verified_by",
    "verified_at",
    "approved_by",
    "approved_at",
    "approver_limit_myr",
    "paid_at",
]
# Each irregular payment breaks exactly the rules named.
IRREGULAR = (
    "no_contract",
    "no_verifier",
    "no_approver",
    "approver_is_verifier",
    "approved_before_verified",
    "paid_before_approved",
    "approved_before_invoice",
    "above_approver_limit",
    "no_contract;above_approver_limit",
)
LOOKALIKES = (
    "amount_at_limit",
    "approved_when_verified",
    "paid_when_approved",
    "approved_on_invoice_day_tz",
)


def payments(w: Any, rng: random.Random, config: SimulationConfig) -> dict[str, Any]:
    by_reason: Counter[str] = Counter()
    irregular_amount = Decimal("0")
    irregular = 0
    n = 0
    month = date(2020, 5, 1)
    plan = list(IRREGULAR) + [""] * 24 + [f"look:{x}" for x in LOOKALIKES]
    rng.shuffle(plan)
    for case in plan:
        n += 1
        service = "SMS" if n % 2 else "MAPS_API"
        vendor = "Telco SMS Sdn Bhd" if service == "SMS" else "Google Asia Pacific"
        invoice = date(
            month.year + (month.month + n // 2 - 1) // 12, (month.month + n // 2 - 1) % 12 + 1, 5
        )
        amount = Decimal(rng.randrange(20_000, 400_000)) / 100
        limit = Decimal("500000.00")
        verified = datetime.combine(invoice + timedelta(days=3), time(10))
        approved = verified + timedelta(days=2)
        paid = approved + timedelta(days=5)
        row = {
            "payment_id": f"PAY{n:05d}",
            "vendor": vendor,
            "service": service,
            "contract_ref": f"KKM/{service}/2020/01",
            "invoice_no": f"INV{n:06d}",
            "invoice_date": invoice.isoformat(),
            "amount_myr": f"{amount:.2f}",
            "verified_by": "VER01",
            "verified_at": fmt_local(verified, "offset"),
            "approved_by": "APP01",
            "approved_at": fmt_local(approved, "offset"),
            "approver_limit_myr": f"{limit:.2f}",
            "paid_at": fmt_local(paid, "offset"),
        }
        for reason in case.split(";") if case and not case.startswith("look:") else []:
            if reason == "no_contract":
                row["contract_ref"] = ""
            elif reason == "no_verifier":
                row["verified_by"] = row["verified_at"] = ""
            elif reason == "no_approver":
                row["approved_by"] = row["approved_at"] = ""
            elif reason == "approver_is_verifier":
                row["approved_by"] = "ver01"
            elif reason == "approved_before_verified":
                row["approved_at"] = fmt_local(verified - timedelta(hours=1), "z")
            elif reason == "paid_before_approved":
                row["paid_at"] = fmt_local(approved - timedelta(days=1), "naive")
            elif reason == "approved_before_invoice":
                early = datetime.combine(invoice - timedelta(days=1), time(23, 0))
                row["approved_at"] = fmt_local(early, "offset")
                row["verified_at"] = fmt_local(early - timedelta(hours=2), "offset")
            elif reason == "above_approver_limit":
                amount = limit + Decimal("0.01")
                row["amount_myr"] = f"{amount:.2f}"
            by_reason[reason] += 1
        if case == "look:amount_at_limit":
            amount = limit
            row["amount_myr"] = f"{amount:.2f}"
        elif case == "look:approved_when_verified":
            row["approved_at"] = fmt_local(verified, "z")
        elif case == "look:paid_when_approved":
            row["paid_at"] = row["approved_at"]
        elif case == "look:approved_on_invoice_day_tz":  # 00:30 Malaysia = day before in UTC
            row["verified_at"] = fmt_local(datetime.combine(invoice, time(0, 10)), "offset")
            row["approved_at"] = fmt_local(datetime.combine(invoice, time(0, 30)), "z")
        if case and not case.startswith("look:"):
            irregular += 1
            irregular_amount += amount
        w.writerow([row[h] for h in PAYMENT_HEADER])
    return {
        "expected": {
            "payments": irregular,
            "amount_myr": float(irregular_amount),
            "by_reason": dict(sorted(by_reason.items())),
        },
        "rows": n,
        "lookalikes": {f"payment_{x}": 1 for x in LOOKALIKES},
    }


METRICS_HEADER = [
    "date",
    "checkins",
    "registered_users_cumulative",
    "trace_users_cumulative",
    "self_assessment_users_cumulative",
    "myrisk_views",
    "new_cases",
]


def app_metrics(w: Any, rng: random.Random, config: SimulationConfig) -> dict[str, Any]:
    """Real daily check-ins and cases, scaled (national size with ``--audit-numbers``)."""
    daily = rates.daily_series()
    factor = 1.0 if config.audit_numbers else config.scale
    days = len(daily.days)
    registered_final = 25_120_000 * factor
    checkins_total = 0
    views: list[int] = []
    cases: list[int] = []
    last: tuple[int, int, int] = (0, 0, 0)
    for i, (day, checkins, new_cases) in enumerate(
        zip(daily.days, daily.checkins, daily.cases, strict=True)
    ):
        share = min(1.0, 0.35 + 0.65 * i / (days - 1))
        registered = round(registered_final * share)
        trace = round(rates.TRACE_USERS * factor * share)
        assessed = round(registered * rates.SELF_ASSESSMENT_PCT / 100)
        c = round(new_cases * factor)
        v = round((new_cases * 120 + 300_000) * factor * (0.8 + 0.4 * rng.random()))
        scaled_checkins = round(checkins * factor)
        checkins_total += scaled_checkins
        views.append(v)
        cases.append(c)
        last = (registered, trace, assessed)
        w.writerow([day.isoformat(), scaled_checkins, registered, trace, assessed, v, c])
    registered, trace, assessed = last
    correlation = statistics.correlation([float(x) for x in views], [float(x) for x in cases])
    return {
        "expected": {
            "checkins_total": checkins_total,
            "trace_users": trace,
            "self_assessment_pct": round(100.0 * assessed / registered, 3),
            "myrisk_cases_correlation": round(correlation, 4),
            "myrisk_cases_days": days,
        },
        "rows": days,
        "sources": daily.sources,
    }
