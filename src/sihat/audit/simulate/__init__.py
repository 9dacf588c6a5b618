"""``sihat simulate extract``: a realistic audit extract with every finding planted at a known
count, look-alikes that must not be flagged, and ``expected.json`` beside it.

Proportions are scaled from Malaysia's open data (see ``rates.py``). Rows are streamed to the
CSV files as they are made, so memory does not grow with the size of the extract.
"""

from __future__ import annotations

import json
import random
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from sihat.audit import progress
from sihat.audit.simulate import governance, payments
from sihat.audit.simulate.centres import PPV_HEADER, make_centres, ppv_rows
from sihat.audit.simulate.doses import DOSE_HEADER
from sihat.audit.simulate.extract import ACCOUNT_HEADER, REGISTRATION_HEADER, PeopleWriter
from sihat.audit.simulate.plan import SimulationConfig, make_plan
from sihat.audit.simulate.rates import POPULATION
from sihat.core import csvsafe

__all__ = ["SimulationConfig", "simulate"]

HEADERS = {
    "accounts": ACCOUNT_HEADER,
    "registrations": REGISTRATION_HEADER,
    "ppv": PPV_HEADER,
    "vaccinations": DOSE_HEADER,
    "staff_events": governance.STAFF_HEADER,
    "data_access": governance.ACCESS_HEADER,
    "security_events": governance.SECURITY_HEADER,
    "payments": payments.PAYMENT_HEADER,
    "app_metrics": payments.METRICS_HEADER,
}


def _expected_findings(writer: PeopleWriter, side: dict[str, dict[str, Any]]) -> dict[str, Any]:
    t = writer.tally
    f = t.findings
    return {
        "duplicate_accounts": {
            "individuals": sum(t.dup_sizes.values()),
            "accounts": sum(size * n for size, n in t.dup_sizes.items()),
            "accounts_per_individual": {str(k): v for k, v in sorted(t.dup_sizes.items())},
        },
        "incomplete_vaccination_records": {
            "records": f["incomplete"],
            "by_field": dict(sorted(t.incomplete.items())),
        },
        "vaccinated_after_ppv_closed": {"records": f["after_closed"]},
        "vaccinated_outside_ppv_period": {"records": f["outside_period"]},
        "unknown_ppv": {"records": f["unknown_ppv"]},
        "uploaded_before_vaccination": {"records": f["early"]},
        "unreasonable_upload_delay": {
            "records": f["late"],
            "threshold_days": writer.config.threshold_days,
        },
        "staff_changes_outside_app": side["staff_events"]["expected"],
        "bulk_downloads": side["data_access"]["expected"],
        "intrusion_attempts": side["security_events"]["expected"],
        "irregular_payments": side["payments"]["expected"],
    }


def simulate(out: Path, config: SimulationConfig, *, show_progress: bool = True) -> dict[str, Any]:
    """Write the extract into ``out`` and return (and write) its expected summary."""
    rng = random.Random(config.seed)
    plan = make_plan(config, rng)
    centres = make_centres(rng, max(12, plan.people // 1500), list(POPULATION))
    out.mkdir(parents=True, exist_ok=True)
    side: dict[str, dict[str, Any]] = {}
    with ExitStack() as stack:
        writers = {}
        for name, header in HEADERS.items():
            handle = stack.enter_context(
                (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            )
            writers[name] = csvsafe.writer(handle, lineterminator="\n")
            writers[name].writerow(header)
        writers["ppv"].writerows(ppv_rows(centres))
        people = PeopleWriter(config, plan, centres, writers, rng)
        with progress.bars(show_progress) as bars:
            bar = bars.task("Simulasi / Simulating people", plan.people)
            for index in range(plan.people):
                people.person(index)
                if index % 1000 == 999:
                    bar.advance(step=1000)
        for name, make in (
            ("staff_events", governance.staff_events),
            ("data_access", governance.data_access),
            ("security_events", governance.security_events),
            ("payments", payments.payments),
            ("app_metrics", payments.app_metrics),
        ):
            side[name] = make(writers[name], random.Random(f"{config.seed}:{name}"), config)
    t = people.tally
    lookalikes: dict[str, Any] = dict(sorted(t.lookalikes.items()))
    for name in ("staff_events", "data_access", "payments"):
        lookalikes.update(side[name]["lookalikes"])
    expected = {
        "findings": _expected_findings(people, side),
        "probable_planted_pairs": sorted(t.probable_pairs),
        "probable_planted_by_kind": {k: sorted(v) for k, v in sorted(t.probable_by_kind.items())},
        "outputs": {
            "registrations_by_channel": {c: t.registrations[c] for c in _CHANNELS},
            "recipients_by_channel": {c: t.recipients[c] for c in _CHANNELS},
        },
        "outcomes": side["app_metrics"]["expected"],
        "data_quality": dict(sorted(t.data_quality.items())),
        "lookalikes": lookalikes,
        "lookalike_ids": {k: v for k, v in sorted(t.lookalike_ids.items())},
        "config": {
            "seed": config.seed,
            "scale": config.scale,
            "audit_numbers": config.audit_numbers,
            "people": plan.people,
            "centres": len(centres),
            "threshold_days": config.threshold_days,
            "bulk_threshold": config.bulk_threshold,
            "daily_shape_source": side["app_metrics"]["sources"],  # MoH files, data/open/...
        },
        "rows": {
            "accounts": t.rows["accounts"],
            "registrations": t.rows["registrations"],
            "ppv": sum(len(c.periods) for c in centres),
            "vaccinations": t.rows["vaccinations"],
            **{name: side[name]["rows"] for name in side},
        },
    }
    text = json.dumps(expected, indent=2, ensure_ascii=False)
    (out / "expected.json").write_text(text + "\n", encoding="utf-8")
    return expected


_CHANNELS = ("MYSJ", "HOTLINE", "WEB", "WALKIN", "OUTREACH")
