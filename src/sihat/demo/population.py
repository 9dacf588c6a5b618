"""A synthetic Malaysian population: valid, unique MyKad numbers, realistic names, states and
districts in the proportions of the official population table, phones, and a matching
reference register. Deterministic for a given seed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from sihat.core import csvsafe, geo
from sihat.demo import names
from sihat.identity.documents import STATE_PB_CODES

PEOPLE_COLUMNS = (
    "id_type",
    "id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "state",
    "district",
    "phone",
    "email",
)


@dataclass(frozen=True)
class SyntheticPerson:
    id_type: str
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    nationality: str
    state: str
    district: str
    phone: str
    email: str


def _name(rng: random.Random, sex: str) -> str:
    roll, acc = rng.random(), 0.0
    group = "malay"
    for g, share in names.ETHNIC_SHARES:
        acc += share
        if roll < acc:
            group = g
            break
    if group == "malay":
        own = rng.choice(names.MALAY_MALE if sex == "M" else names.MALAY_FEMALE)
        father = rng.choice(names.MALAY_MALE)
        link = "bin" if sex == "M" else "binti"
        return (
            f"{own} {rng.choice(names.MALAY_MALE)} {link} {father}"
            if sex == "M"
            else (f"{own} {rng.choice(names.MALAY_FEMALE)} {link} {father}")
        )
    if group == "chinese":
        return (
            f"{rng.choice(names.CHINESE_SURNAMES)} {rng.choice(names.CHINESE_GIVEN)} "
            + rng.choice(names.CHINESE_GIVEN)
        )
    if group == "indian":
        own = rng.choice(names.INDIAN_MALE if sex == "M" else names.INDIAN_FEMALE)
        link = "a/l" if sex == "M" else "a/p"
        return f"{own} {link} {rng.choice(names.INDIAN_MALE)}"
    own = rng.choice(names.OTHER_MALE if sex == "M" else names.OTHER_FEMALE)
    return f"{own} {rng.choice(names.OTHER_SURNAMES)}"


def _birth_date(rng: random.Random, state_row: dict[str, int | str], today: date) -> date:
    pop, pop18, pop60 = (int(state_row[k]) for k in ("pop", "pop_18", "pop_60"))
    roll = rng.random() * pop
    if roll < pop - pop18:
        age_days = rng.randint(0, 18 * 365 - 1)
    elif roll < pop - pop60:
        age_days = rng.randint(18 * 365 + 5, 60 * 365 - 1)
    else:
        age_days = rng.randint(60 * 365 + 15, 92 * 365)
    return today - timedelta(days=age_days)


def generate(size: int, seed: int, today: date) -> Iterator[SyntheticPerson]:
    rng = random.Random(seed)
    states = geo.states()
    weights = [int(s["pop"]) for s in states]
    districts = geo.districts()
    used_ids: set[str] = set()
    used_phones: set[str] = set()
    made = 0
    while made < size:
        state_row = rng.choices(states, weights)[0]
        state = str(state_row["state"])
        sex = rng.choice("MF")
        born = _birth_date(rng, state_row, today)
        pb = rng.choice(
            STATE_PB_CODES[state] if rng.random() < 0.85 else STATE_PB_CODES["Selangor"]
        )
        serial = rng.randint(0, 999)
        last = rng.choice((1, 3, 5, 7, 9) if sex == "M" else (0, 2, 4, 6, 8))
        number = f"{born:%y%m%d}{pb:02d}{serial:03d}{last}"
        if number in used_ids:
            continue
        phone = f"+601{rng.choice('2679')}{rng.randint(2_000_000, 9_999_999)}"
        if phone in used_phones:
            continue
        used_ids.add(number)
        used_phones.add(phone)
        full_name = _name(rng, sex)
        email = f"{full_name.split()[0].lower()}.{number[-6:]}@example.my"
        yield SyntheticPerson(
            "MYKAD",
            number,
            full_name,
            born,
            sex,
            "MY",
            state,
            rng.choice(districts[state]),
            phone,
            email,
        )
        made += 1


def write(people: list[SyntheticPerson], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    people_csv, register_csv = out / "people.csv", out / "register.csv"
    with people_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.DictWriter(handle, fieldnames=PEOPLE_COLUMNS)
        writer.writeheader()
        for p in people:
            row = asdict(p)
            row["date_of_birth"] = p.date_of_birth.isoformat()
            writer.writerow(row)
    with register_csv.open("w", newline="", encoding="utf-8") as handle:
        plain = csvsafe.writer(handle)
        plain.writerow(("id_type", "id_number", "full_name", "date_of_birth", "sex"))
        for p in people:
            plain.writerow(
                (p.id_type, p.id_number, p.full_name.upper(), p.date_of_birth.isoformat(), p.sex)
            )
    return people_csv, register_csv
