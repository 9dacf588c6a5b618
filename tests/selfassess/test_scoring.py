"""Scoring is the questionnaire file's: table-driven over the shipped version, and a new
version of the file (thresholds, questions) changes the outcome without a code change."""

from __future__ import annotations

from datetime import date

import pytest

from sihat.core.errors import Problem
from sihat.selfassess import questionnaire

V1 = questionnaire.load().on(date(2021, 6, 1))
NONE = {"symptoms": ["none"], "temperature": None, "contact": "no", "travel": "no"}

PUS = "PERSON_UNDER_SURVEILLANCE"
# answers changed from NONE -> (score, MyRisk status, reason)
TABLE = [
    ({}, 0, None, None),
    ({"symptoms": ["sore_throat"]}, 1, None, None),
    ({"symptoms": ["sore_throat", "cough"]}, 3, "PERSON_UNDER_SURVEILLANCE", "symptoms_reported"),
    ({"temperature": "37.4"}, 0, None, None),
    ({"temperature": "37.5"}, 2, None, None),  # the band's lower edge counts
    ({"temperature": "38.0", "symptoms": ["fever"]}, 7, "SUSPECTED", "symptoms_reported"),
    ({"symptoms": ["breathless", "sore_throat"]}, 6, PUS, "symptoms_reported"),
    ({"contact": "yes"}, 3, "PERSON_UNDER_SURVEILLANCE", "close_contact"),
    ({"travel": "yes"}, 3, "PERSON_UNDER_SURVEILLANCE", "travel"),
    ({"contact": "yes", "travel": "yes"}, 6, "PERSON_UNDER_SURVEILLANCE", "close_contact"),
    ({"contact": "yes", "symptoms": ["smell_taste"]}, 7, "SUSPECTED", "symptoms_reported"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "total", "status", "reason"), TABLE)
def test_scores_from_the_file(changes, total, status, reason) -> None:
    scored = V1.score({**NONE, **changes})
    assert (scored.total, scored.status, scored.reason) == (total, status, reason)


def test_weights_and_thresholds_are_the_files() -> None:
    """The table above is the file's own numbers: every option weight and outcome."""
    symptoms = V1.question("symptoms")
    assert {o.id: o.weight for o in symptoms.options} == {
        "fever": 3, "cough": 2, "sore_throat": 1, "breathless": 5, "smell_taste": 4, "none": 0,
    }  # fmt: skip
    assert [(o.min_score, o.status) for o in V1.outcomes] == [
        (7, "SUSPECTED"),
        (3, "PERSON_UNDER_SURVEILLANCE"),
    ]


NEW_VERSION = """
[[versions]]
id = "HAT-2030-01"
effective_from = 2030-01-01

  [[versions.questions]]
  id = "symptoms"
  type = "multi"
  reason = "symptoms_reported"
  ms = "Gejala?"
  en = "Symptoms?"
    [[versions.questions.options]]
    id = "cough"
    ms = "Batuk"
    en = "Cough"
    weight = 4
    [[versions.questions.options]]
    id = "none"
    ms = "Tiada"
    en = "None"
    weight = 0
    exclusive = true

  [[versions.outcomes]]
  min_score = 4
  status = "SUSPECTED"
"""


def test_a_new_file_version_changes_behaviour_without_code() -> None:
    changed = questionnaire.parse(questionnaire.shipped_text() + NEW_VERSION)
    before, after = changed.on(date(2029, 12, 31)), changed.on(date(2030, 1, 1))
    assert before.id == "HAT-2021-01" and after.id == "HAT-2030-01"
    answers = {**NONE, "symptoms": ["cough"]}
    assert before.score(answers).status is None  # a cough alone: 2 points, nothing
    assert after.score(answers) == questionnaire.Score(4, "SUSPECTED", "symptoms_reported")
    assert [q.id for q in after.questions] == ["symptoms"]  # fewer questions asked


@pytest.mark.parametrize(
    ("question", "raw", "code"),
    [
        ("contact", "maybe", "selfassess_answer_invalid"),
        ("contact", None, "selfassess_answer_required"),
        ("symptoms", ["fever", "none"], "selfassess_answer_exclusive"),
        ("symptoms", ["fever", "fever"], "selfassess_answer_invalid"),
        ("symptoms", ["flu"], "selfassess_answer_invalid"),
        ("temperature", "hot", "selfassess_answer_invalid"),
        ("temperature", "45", "selfassess_answer_range"),
        ("temperature", "NaN", "selfassess_answer_range"),
    ],
)
def test_answers_are_checked_against_the_question(question, raw, code) -> None:
    with pytest.raises(Problem) as refused:
        V1.question(question).check(raw)
    assert refused.value.code == code


def test_answers_kept_in_a_normal_form() -> None:
    assert V1.question("temperature").check("37,8") == "37.8"
    assert V1.question("temperature").check("") is None  # optional
    assert V1.question("symptoms").check(["cough", "fever"]) == ["fever", "cough"]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ('status = "PERSON_UNDER_SURVEILLANCE"', "SLEEPY"),
        ('reason = "travel"', "no_reason"),
        ('type = "yes_no"', "essay"),
    ],
)
def test_a_malformed_file_is_refused(bad, message) -> None:
    text = questionnaire.shipped_text().replace(bad, bad.split("=")[0] + f'= "{message}"', 1)
    with pytest.raises(ValueError):
        questionnaire.parse(text)
