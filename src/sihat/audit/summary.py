"""The audit summary: one headline figure per finding, defined once, read by everyone.

The report (``report_text.py``), the run's result (``engine.py``), ``summary.json`` (its
``headlines``) and the live audit's staff page and trend (``sihat.audit_live``, from the
run's stored ``audit_runs.counts``) all take a finding's number from here, so they cannot
disagree.

Which count is the headline follows the audit's own wording (BRIEF, "What the audit found
wrong"): "1,543 individuals held 2 to 7 accounts each: 3,108 MySJ IDs" leads with
individuals; "A Super Admin account downloaded 3 million records" counts records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class Headline:
    """What a finding's headline counts: the ``count`` it reads in ``findings.<key>``."""

    key: str
    reads: str  # the count in summary.json's findings.<key> (see spec/audit-extract.md)
    unit_en: str
    unit_ms: str

    def value(self, counts: Mapping[str, Any]) -> int:
        if self.key == "bulk_downloads":  # records, summed over the flagged accounts
            return sum(int(account["records"]) for account in counts["accounts"])
        return int(counts[self.reads])


# In the order of the tests (A01 ... A11).
HEADLINES: dict[str, Headline] = {
    h.key: h
    for h in (
        # Individuals (identity keys), not accounts: "1,543 individuals held 2 to 7 accounts".
        Headline("duplicate_accounts", "individuals", "individuals", "individu"),
        Headline("incomplete_vaccination_records", "records", "records", "rekod"),
        Headline("vaccinated_after_ppv_closed", "records", "records", "rekod"),
        Headline("vaccinated_outside_ppv_period", "records", "records", "rekod"),
        Headline("unknown_ppv", "records", "records", "rekod"),
        Headline("uploaded_before_vaccination", "records", "records", "rekod"),
        Headline("unreasonable_upload_delay", "records", "records", "rekod"),
        Headline("staff_changes_outside_app", "events", "events", "peristiwa"),
        # Records downloaded, not accounts: "downloaded 3 million records".
        Headline(
            "bulk_downloads", "accounts[].records", "records downloaded", "rekod dimuat turun"
        ),
        Headline("intrusion_attempts", "attempts", "attempts", "cubaan"),
        Headline("irregular_payments", "payments", "payments", "bayaran"),
    )
}


class FindingFigure(BaseModel):
    """One finding's headline in one run; ``count`` is ``None`` when the test did not run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    count: int | None

    @property
    def headline(self) -> Headline:
        return HEADLINES[self.key]

    @property
    def run(self) -> bool:
        return self.count is not None

    @property
    def found(self) -> bool:
        return self.count is not None and self.count > 0


class AuditSummary(BaseModel):
    """Every finding's headline in one run, in the order of the tests."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    findings: list[FindingFigure]

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> AuditSummary:
        """From the engine's result (``summary.json``): ``findings.<key>`` as the spec names."""
        findings: Mapping[str, Mapping[str, Any]] = summary["findings"]
        unknown = set(findings) - set(HEADLINES)
        if unknown:
            raise KeyError(f"no headline defined for {sorted(unknown)}")
        return cls(
            findings=[
                FindingFigure(
                    key=key,
                    count=None
                    if key not in findings or findings[key].get("status") == "not run"
                    else headline.value(findings[key]),
                )
                for key, headline in HEADLINES.items()
            ]
        )

    @classmethod
    def from_counts(cls, counts: Mapping[str, int | None]) -> AuditSummary:
        """From what a stored run keeps (``counts()``); a key it lacks was not run."""
        return cls(findings=[FindingFigure(key=key, count=counts.get(key)) for key in HEADLINES])

    def counts(self) -> dict[str, int | None]:
        """``{key: headline}``: what a live-audit run stores (``audit_runs.counts``)."""
        return {f.key: f.count for f in self.findings}

    def get(self, key: str) -> FindingFigure:
        return next(f for f in self.findings if f.key == key)

    @property
    def result(self) -> Literal["findings", "clear"]:
        return "findings" if any(f.found for f in self.findings) else "clear"

    def for_json(self) -> dict[str, dict[str, Any]]:
        """``summary.json``'s ``headlines``: each finding's figure and what it counts."""
        return {
            f.key: {"count": f.count, "unit": f.headline.unit_en, "of": f.headline.reads}
            for f in self.findings
        }
