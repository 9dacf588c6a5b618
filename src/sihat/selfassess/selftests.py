"""Self-test results: a person reports a test kit's result (positive, negative or invalid)
for themselves or a dependent, with the kit's brand from the value set in
``data/selftest.toml`` and an optional photo. The same result on the same day again is the
same report. A positive opens a case in the case register (source SELF_TEST), PROVISIONAL
for an officer to confirm unless the policy file auto-confirms; a positive within
``collapse_days`` of the person's last case joins that case instead (duplicates collapse).
Services flush, never commit."""

from __future__ import annotations

import base64
import functools
import io
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.cases import service as cases
from sihat.cases.models import Case
from sihat.core import clock, crypto, geo, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.identity import access
from sihat.identity.models import Account, Person
from sihat.selfassess.models import SelfTest

RESULTS = ("POSITIVE", "NEGATIVE", "INVALID")
BACKDATE = timedelta(days=3)
_districts = functools.cache(geo.districts)


@dataclass(frozen=True)
class Brand:
    id: str
    ms: str
    en: str


@dataclass(frozen=True)
class Policy:
    positive_case: bool
    auto_confirm: bool
    collapse_days: int
    category: int
    photo_max_bytes: int
    photo_max_side: int
    photo_types: frozenset[str]
    brands: tuple[Brand, ...]

    def brand(self, brand_id: str) -> Brand:
        for b in self.brands:
            if b.id == brand_id:
                return b
        raise Problem("selftest_brand_invalid", field="brand")


def parse(text: str) -> Policy:
    raw = tomllib.loads(text)
    brands = tuple(
        Brand(b["id"], b.get("name_ms", b.get("name", "")), b.get("name_en", b.get("name", "")))
        for b in raw["brands"]
    )
    if len({b.id for b in brands}) != len(brands) or not all(b.ms and b.en for b in brands):
        raise ValueError("selftest.toml: brands need unique ids and a name")
    return Policy(
        positive_case=bool(raw["positive_case"]),
        auto_confirm=bool(raw["auto_confirm"]),
        collapse_days=int(raw["collapse_days"]),
        category=int(raw["category"]),
        photo_max_bytes=int(raw["photo_max_bytes"]),
        photo_max_side=int(raw["photo_max_side"]),
        photo_types=frozenset(raw["photo_types"]),
        brands=brands,
    )


@functools.cache
def policy() -> Policy:
    text = resources.files("sihat.selfassess").joinpath("data", "selftest.toml").read_text()
    return parse(text)


@dataclass(frozen=True)
class Reported:
    test: SelfTest
    created: bool  # False: the same result was already reported that day (nothing written)
    case: Case | None


def sealed_photo(data: bytes, rules: Policy) -> tuple[str, int]:
    """The photo checked (size, a real image of an accepted type), re-encoded as a JPEG no
    larger than ``photo_max_side`` with no metadata (no location, no camera details), and
    sealed with the data key; returns (sealed text, JPEG size)."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > rules.photo_max_bytes:
        raise Problem(
            "selftest_photo_too_large", field="photo", max_mb=rules.photo_max_bytes // 1_000_000
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in rules.photo_types:
            raise Problem("selftest_photo_type", field="photo")
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > 50_000_000:  # a decompression bomb
                raise Problem("selftest_photo_too_large", field="photo", max_mb=0)
            clean = image.convert("RGB")
            clean.thumbnail((rules.photo_max_side, rules.photo_max_side))
            out = io.BytesIO()
            clean.save(out, "JPEG", quality=80)  # a new file: no EXIF, no GPS
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise Problem("selftest_photo_type", field="photo") from None
    jpeg = out.getvalue()
    return crypto.encrypt(base64.b64encode(jpeg).decode("ascii")), len(jpeg)


def photo_of(test: SelfTest) -> bytes | None:
    """The stored JPEG, unsealed (for an officer's view)."""
    return None if test.photo is None else base64.b64decode(crypto.decrypt(test.photo))


def _place(person: Person, state: str, district: str) -> tuple[str, str]:
    if state or district:
        if district not in _districts().get(state, []):
            raise Problem("selftest_district_required", field="district")
        return state, district
    if person.state and person.district in _districts().get(person.state, []):
        return person.state, person.district  # type: ignore[return-value]  # checked
    raise Problem("selftest_district_required", field="district")


def _case_for(
    session: Session, account: Account, person: Person, test: SelfTest, place: tuple[str, str]
) -> Case:
    rules = policy()
    since = clock.as_utc(test.tested_at) - timedelta(days=rules.collapse_days)
    recent = session.scalar(
        select(Case)
        .where(Case.person_id == person.id, Case.status != "RETRACTED", Case.sample_at >= since)
        .order_by(Case.sample_at.desc())
        .limit(1)
    )
    if recent is not None:
        return recent
    result = cases.LabResult(
        specimen_id=f"SELFTEST-{test.id}",
        id_type=person.id_type,
        id_number=person.id_number,
        issuing_country=person.issuing_country,
        source="SELF_TEST",
        sample_at=clock.as_utc(test.tested_at),
        category=rules.category,
        state=place[0],
        district=place[1],
    )
    return cases.record_result(
        session,
        None,
        result,
        channel="APP",
        auto_confirm=rules.auto_confirm,
        actor_type="account",
        actor_id=account.id,
    ).case


def report(
    session: Session,
    account: Account,
    person_id: str,
    *,
    result: str,
    brand: str,
    tested_at: datetime | None = None,
    photo: bytes | None = None,
    state: str = "",
    district: str = "",
) -> Reported:
    """Record a self-test of ``person_id`` (the caller or a current dependent; 404 else)."""
    rules = policy()
    person = access.acting_for(session, account, person_id)
    if result not in RESULTS:
        raise Problem("selftest_result_invalid", field="result")
    rules.brand(brand)
    now = clock.now()
    tested = clock.as_utc(tested_at) if tested_at is not None else now
    if tested > now + timedelta(minutes=5) or tested < now - BACKDATE:
        raise Problem("selftest_time_invalid", field="tested_at")
    day = clock.malaysia_date(tested)
    place = _place(person, state, district) if result == "POSITIVE" else None
    existing = session.scalar(
        select(SelfTest).where(
            SelfTest.person_id == person.id, SelfTest.day == day, SelfTest.result == result
        )
    )
    if existing is not None:
        return Reported(existing, False, _linked(session, existing))
    sealed, size = sealed_photo(photo, rules) if photo else (None, None)
    row = SelfTest(
        person_id=person.id,
        account_id=account.id,
        day=day,
        result=result,
        brand=brand,
        tested_at=tested,
        reported_at=now,
        photo=sealed,
        photo_bytes=size,
    )
    if not try_add(session, row):  # the same report at the same moment
        again = session.scalar(
            select(SelfTest).where(
                SelfTest.person_id == person.id, SelfTest.day == day, SelfTest.result == result
            )
        )
        if again is None:
            raise Problem("conflict")
        return Reported(again, False, _linked(session, again))
    case = None
    if place is not None and rules.positive_case:
        case = _case_for(session, account, person, row, place)
        row.case_id = case.id
        session.flush()
    trail.record(
        session,
        "selfassess:selftest:reported",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=person.id,
        result=result,
        brand=brand,
        case_id=row.case_id,
        photo=size is not None,
    )
    return Reported(row, True, case)


def _linked(session: Session, test: SelfTest) -> Case | None:
    return session.get(Case, test.case_id) if test.case_id else None


def tests_of(session: Session, person_ids: list[str], limit: int = 20) -> list[SelfTest]:
    return list(
        session.scalars(
            select(SelfTest)
            .where(SelfTest.person_id.in_(person_ids))
            .order_by(SelfTest.tested_at.desc())
            .limit(limit)
        )
    )
