"""Self-test reports: for oneself or a dependent; a positive opens a PROVISIONAL SELF_TEST case
(or CONFIRMED when the policy file says so); the same report again, or another positive within
the collapse window, makes no second case; bad input is refused with nothing written; a photo
is re-encoded without its metadata and sealed."""

from __future__ import annotations

import dataclasses
import io
from datetime import timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from sihat.cases.models import Case
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.risk import service as risk
from sihat.selfassess import metrics, selftests
from sihat.selfassess.models import SelfTest
from tests.selfassess.conftest import family


def count(session, model, *where) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def test_positive_opens_one_provisional_case_and_duplicates_collapse(session) -> None:
    f = family(session)
    first = selftests.report(session, f.account, f.person.id, result="POSITIVE", brand="GMATE")
    assert first.created and first.case is not None
    case = first.case
    assert (case.source, case.status, case.channel) == ("SELF_TEST", "PROVISIONAL", "APP")
    assert (case.state, case.district, case.person_id) == ("Selangor", "Petaling", f.person.id)
    assert risk.current(session, f.person.id).status == "LOW_RISK"  # until an officer confirms
    again = selftests.report(session, f.account, f.person.id, result="POSITIVE", brand="GMATE")
    assert again.case is not None
    assert (again.created, again.test.id, again.case.id) == (False, first.test.id, case.id)
    with clock.frozen(clock.now() + timedelta(days=2)):
        later = selftests.report(session, f.account, f.person.id, result="POSITIVE", brand="OTHER")
    assert later.created and later.test.id != first.test.id
    assert later.case is not None and later.case.id == case.id  # within collapse_days
    assert count(session, Case, Case.person_id == f.person.id) == 1
    assert count(session, SelfTest, SelfTest.person_id == f.person.id) == 2


def test_negative_and_invalid_open_no_case_and_count_by_day(session) -> None:
    f = family(session)
    for result in ("NEGATIVE", "INVALID", "NEGATIVE"):
        selftests.report(session, f.account, f.person.id, result=result, brand="SALIXIUM")
    selftests.report(session, f.account, f.kid.id, result="POSITIVE", brand="SALIXIUM")
    assert count(session, Case, Case.person_id == f.person.id) == 0
    assert count(session, Case, Case.person_id == f.kid.id) == 1
    today = clock.today_my()
    mine = select(SelfTest).where(SelfTest.account_id == f.account.id)
    brute: dict[str, int] = {"POSITIVE": 0, "NEGATIVE": 0, "INVALID": 0}
    for row in session.scalars(mine):
        brute[row.result] += 1
    assert brute == {"POSITIVE": 1, "NEGATIVE": 1, "INVALID": 1}
    counted = metrics.self_tests_by_day(session, today, today)[today]
    assert all(counted[k] >= brute[k] for k in brute)  # the day's national count includes ours


def test_policy_file_may_auto_confirm(session, monkeypatch) -> None:
    f = family(session)
    monkeypatch.setattr(
        selftests,
        "policy",
        lambda: dataclasses.replace(selftests.parse(_text()), auto_confirm=True),
    )
    done = selftests.report(session, f.account, f.person.id, result="POSITIVE", brand="GMATE")
    assert done.case is not None and done.case.status == "CONFIRMED"
    assert risk.current(session, f.person.id).status == "CONFIRMED"


def _text() -> str:
    from importlib import resources

    return resources.files("sihat.selfassess").joinpath("data", "selftest.toml").read_text()


def _image(kind: str, size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if kind == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x8825] = {2: (3.0, 8.0, 0.0)}  # GPSInfo: latitude
        image.save(out, kind, exif=exif)
    else:
        image.save(out, kind)
    return out.getvalue()


def test_photo_is_reencoded_without_metadata_and_sealed(session) -> None:
    f = family(session)
    raw = _image("JPEG")
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload carries camera and location
    done = selftests.report(
        session, f.account, f.person.id, result="NEGATIVE", brand="GMATE", photo=raw
    )
    assert done.test.photo is not None and b"PhoneMaker" not in done.test.photo.encode()
    kept = selftests.photo_of(done.test)
    assert kept is not None and kept[:2] == b"\xff\xd8"
    assert not Image.open(io.BytesIO(kept)).getexif()
    assert done.test.photo_bytes == len(kept)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"result": "MAYBE"}, "selftest_result_invalid"),
        ({"brand": "ACME"}, "selftest_brand_invalid"),
        ({"tested_at": "future"}, "selftest_time_invalid"),
        ({"tested_at": "old"}, "selftest_time_invalid"),
        ({"photo": b"GIF89a not really"}, "selftest_photo_type"),
        ({"photo": "gif"}, "selftest_photo_type"),
        ({"photo": "huge"}, "selftest_photo_too_large"),
        ({"state": "Selangor", "district": "Atlantis"}, "selftest_district_required"),
    ],
)
def test_bad_reports_are_refused_with_nothing_written(session, changes, code) -> None:
    f = family(session)
    now = clock.now()
    values = {
        "future": now + timedelta(hours=1),
        "old": now - timedelta(days=4),
        "gif": _image("GIF"),
        "huge": b"\xff\xd8" + b"0" * 3_000_001,
    }
    args: dict[str, Any] = {"result": "POSITIVE", "brand": "GMATE"}
    args.update({k: values.get(v, v) if isinstance(v, str) else v for k, v in changes.items()})
    with pytest.raises(Problem) as refused:
        selftests.report(session, f.account, f.person.id, **args)
    assert refused.value.code == code
    assert count(session, SelfTest, SelfTest.person_id == f.person.id) == 0
    assert count(session, Case, Case.person_id == f.person.id) == 0


def test_positive_without_a_district_asks_for_one(session) -> None:
    f = family(session)
    f.person.district = None
    session.flush()
    with pytest.raises(Problem) as refused:
        selftests.report(session, f.account, f.person.id, result="POSITIVE", brand="GMATE")
    assert refused.value.code == "selftest_district_required"
    done = selftests.report(
        session,
        f.account,
        f.person.id,
        result="POSITIVE",
        brand="GMATE",
        state="Selangor",
        district="Klang",
    )
    assert done.case is not None
    assert (done.case.state, done.case.district) == ("Selangor", "Klang")


def test_only_for_self_or_a_current_dependent(session) -> None:
    f = family(session)
    other = family(session)
    with pytest.raises(Problem) as refused:
        selftests.report(session, f.account, other.kid.id, result="NEGATIVE", brand="GMATE")
    assert refused.value.code == "not_found"
