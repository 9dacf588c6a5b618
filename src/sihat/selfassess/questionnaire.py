"""The questionnaire, read from a versioned data file (``data/hat.toml``), and its scoring.

Nothing about the questions lives in code: their order, types, texts, weights, the outcome
thresholds and the daily-task rules are the file's. A new version with a later
``effective_from`` changes what is asked and what the answers lead to, without a code change.
Scoring is a table walk: each answer's weight, summed; the first outcome whose ``min_score``
the sum reaches gives the MyRisk status, with the reason of the question that weighed most.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from typing import Any

from sihat.core.errors import Problem
from sihat.risk.statuses import REASONS, STATUSES

TYPES = ("yes_no", "choice", "multi", "number")
Answer = str | list[str] | None  # yes/no, an option id, option ids, a number as text, skipped


@dataclass(frozen=True)
class Option:
    id: str
    ms: str
    en: str
    weight: int
    exclusive: bool = False


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    ms: str
    en: str
    reason: str
    help_ms: str = ""
    help_en: str = ""
    options: tuple[Option, ...] = ()
    weights: dict[str, int] = field(default_factory=dict)
    optional: bool = False
    min: float | None = None
    max: float | None = None
    step: float | None = None
    unit: str = ""
    bands: tuple[tuple[float, int], ...] = ()

    def check(self, raw: Answer) -> Answer:
        """The answer in its stored form, or ``selfassess_answer_invalid``."""
        if raw in (None, "", []):
            if self.optional:
                return None
            raise Problem("selfassess_answer_required", field=self.id)
        if self.type == "yes_no":
            if raw not in ("yes", "no"):
                raise Problem("selfassess_answer_invalid", field=self.id)
            return raw
        ids = {o.id for o in self.options}
        if self.type == "choice":
            if not isinstance(raw, str) or raw not in ids:
                raise Problem("selfassess_answer_invalid", field=self.id)
            return raw
        if self.type == "multi":
            chosen = [raw] if isinstance(raw, str) else list(raw)
            if not chosen or any(c not in ids for c in chosen) or len(set(chosen)) != len(chosen):
                raise Problem("selfassess_answer_invalid", field=self.id)
            alone = {o.id for o in self.options if o.exclusive}
            if len(chosen) > 1 and alone & set(chosen):
                raise Problem("selfassess_answer_exclusive", field=self.id)
            return [o.id for o in self.options if o.id in chosen]  # the file's order
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            raise Problem("selfassess_answer_invalid", field=self.id) from None
        if not value.is_finite() or (self.min is not None and value < Decimal(str(self.min))):
            raise Problem("selfassess_answer_range", field=self.id, min=self.min, max=self.max)
        if self.max is not None and value > Decimal(str(self.max)):
            raise Problem("selfassess_answer_range", field=self.id, min=self.min, max=self.max)
        return str(value)

    def weight(self, answer: Answer) -> int:
        if answer is None:
            return 0
        if self.type == "yes_no":
            return self.weights.get(str(answer), 0)
        if self.type == "number":
            value = float(str(answer))
            return max((w for start, w in self.bands if value >= start), default=0)
        chosen = [answer] if isinstance(answer, str) else answer
        return sum(o.weight for o in self.options if o.id in chosen)


@dataclass(frozen=True)
class Outcome:
    min_score: int
    status: str


@dataclass(frozen=True)
class Score:
    total: int
    status: str | None  # a MyRisk status, or None: nothing to report
    reason: str | None


@dataclass(frozen=True)
class Version:
    id: str
    effective_from: date
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]  # highest min_score first

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise Problem("not_found")

    def score(self, answers: dict[str, Answer]) -> Score:
        weights = [(q.weight(answers.get(q.id)), q) for q in self.questions]
        total = sum(w for w, _ in weights)
        for outcome in self.outcomes:
            if total >= outcome.min_score:
                heaviest = max(weights, key=lambda pair: pair[0])[1]  # first on ties
                return Score(total, outcome.status, heaviest.reason)
        return Score(total, None, None)


@dataclass(frozen=True)
class Questionnaire:
    versions: tuple[Version, ...]  # oldest first
    task_statuses: frozenset[str]
    remind_at: time

    def on(self, day: date) -> Version:
        found = [v for v in self.versions if v.effective_from <= day]
        return found[-1] if found else self.versions[0]

    def version(self, version_id: str) -> Version:
        for v in self.versions:
            if v.id == version_id:
                return v
        raise Problem("not_found")


def _question(raw: dict[str, Any], where: str) -> Question:
    if raw["type"] not in TYPES:
        raise ValueError(f"{where}: unknown type {raw['type']!r}")
    if raw["reason"] not in REASONS:
        raise ValueError(f"{where}: unknown MyRisk reason {raw['reason']!r}")
    options = tuple(
        Option(o["id"], o["ms"], o["en"], int(o.get("weight", 0)), bool(o.get("exclusive")))
        for o in raw.get("options", [])
    )
    if raw["type"] in ("choice", "multi") and not options:
        raise ValueError(f"{where}: a {raw['type']} question needs options")
    return Question(
        id=raw["id"],
        type=raw["type"],
        ms=raw["ms"],
        en=raw["en"],
        reason=raw["reason"],
        help_ms=raw.get("help_ms", ""),
        help_en=raw.get("help_en", ""),
        options=options,
        weights={k: int(v) for k, v in raw.get("weights", {}).items()},
        optional=bool(raw.get("optional", False)),
        min=raw.get("min"),
        max=raw.get("max"),
        step=raw.get("step"),
        unit=raw.get("unit", ""),
        bands=tuple(sorted((float(b[0]), int(b[1])) for b in raw.get("bands", []))),
    )


def parse(text: str) -> Questionnaire:
    """A questionnaire from the text of a file in ``data/hat.toml``'s format (checked)."""
    raw = tomllib.loads(text)
    versions = []
    for v in raw["versions"]:
        questions = tuple(_question(q, f"{v['id']}/{q.get('id')}") for q in v["questions"])
        if len({q.id for q in questions}) != len(questions):
            raise ValueError(f"{v['id']}: question ids must be unique")
        outcomes = tuple(
            sorted(
                (Outcome(int(o["min_score"]), o["status"]) for o in v.get("outcomes", [])),
                key=lambda o: -o.min_score,
            )
        )
        for o in outcomes:
            if o.status not in STATUSES or o.status == "LOW_RISK":
                raise ValueError(f"{v['id']}: unknown MyRisk status {o.status!r}")
        versions.append(Version(v["id"], v["effective_from"], questions, outcomes))
    tasks = raw["tasks"]
    statuses = frozenset(tasks["statuses"])
    if not statuses <= set(STATUSES):
        raise ValueError("tasks.statuses: unknown MyRisk status")
    hour, minute = (int(x) for x in tasks["remind_at"].split(":"))
    return Questionnaire(
        tuple(sorted(versions, key=lambda v: v.effective_from)),
        statuses,
        time(hour, minute),
    )


def shipped_text() -> str:
    return resources.files("sihat.selfassess").joinpath("data", "hat.toml").read_text("utf-8")


@lru_cache
def load() -> Questionnaire:
    """The questionnaire shipped in the package."""
    return parse(shipped_text())
