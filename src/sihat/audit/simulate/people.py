"""Simulated people: Malaysian names, identity numbers, phones and emails.

Identity numbers are unique by construction: the last six digits of a 12-digit number are the
person's index (modulo one million), and people in the n-th million get a date of birth whose
day number is congruent to n, so no two people share a number. Phones and emails are unique too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

MALAY_M = [
    "AHMAD",
    "MUHAMMAD",
    "MOHD",
    "ABDUL",
    "AZMAN",
    "FARID",
    "HAFIZ",
    "HAKIM",
    "IBRAHIM",
    "ISMAIL",
    "KAMAL",
    "KHAIRUL",
    "MAZLAN",
    "NORAZMI",
    "RAZAK",
    "RIDZUAN",
    "SAIFUL",
    "SHAHRUL",
    "ZULKIFLI",
    "AMIRUL",
    "ARIF",
    "FAIZAL",
    "HARIS",
    "IKHWAN",
    "JAMAL",
    "LUQMAN",
    "NAZRI",
    "RAHIM",
    "SYAFIQ",
    "TAUFIK",
    "YUSOF",
    "ZAINAL",
    "ADAM",
    "HAMZAH",
    "IMRAN",
    "ANUAR",
    "BADRUL",
    "FIRDAUS",
]
MALAY_F = [
    "SITI",
    "NUR",
    "NOR",
    "AISYAH",
    "AMINAH",
    "FATIMAH",
    "HASNAH",
    "ZURAIDA",
    "SALMAH",
    "ROSNAH",
    "FARAH",
    "HANIS",
    "IZZATI",
    "NABILAH",
    "NADIA",
    "SYAZWANI",
    "WAN",
    "ZAINAB",
    "MARIAM",
    "AZLINA",
    "NORAINI",
    "SUHAILA",
    "RAHIMAH",
    "KHADIJAH",
    "AIN",
    "DAYANA",
    "ELYA",
    "HUDA",
    "INTAN",
    "LIYANA",
    "MAISARAH",
    "NAJWA",
    "QISTINA",
    "SOFEA",
    "ATIQAH",
    "BALQIS",
]
CHINESE_SURNAME = [
    "TAN",
    "LIM",
    "LEE",
    "NG",
    "WONG",
    "CHAN",
    "CHONG",
    "ONG",
    "GOH",
    "TEH",
    "YAP",
    "CHIN",
    "LOW",
    "KOH",
    "HO",
    "CHEAH",
    "LAI",
    "SIM",
    "TEO",
    "LIEW",
    "FOO",
    "CHUA",
    "KHOO",
    "YEOH",
    "LOH",
    "PANG",
    "SOO",
    "TAY",
    "HENG",
]
CHINESE_GIVEN = [
    "WEI",
    "MING",
    "KAR",
    "HOCK",
    "SOON",
    "CHEE",
    "KEAT",
    "YEE",
    "LING",
    "MEI",
    "HUI",
    "XIN",
    "JIA",
    "JUN",
    "HAO",
    "YONG",
    "KIT",
    "SIEW",
    "PEI",
    "CHUN",
    "ZHI",
    "YI",
    "BOON",
    "KOK",
    "SENG",
    "FONG",
    "LAY",
    "WAI",
    "KHENG",
    "TECK",
    "HONG",
]
INDIAN_GIVEN = [
    "MURUGAN",
    "RAJESH",
    "KUMAR",
    "SURESH",
    "GANESAN",
    "RAVI",
    "PRAKASH",
    "SELVAM",
    "VIJAY",
    "ARUN",
    "DINESH",
    "KANNAN",
    "MANOJ",
    "SARAVANAN",
    "PRIYA",
    "KAVITHA",
    "DEVI",
    "LAKSHMI",
    "MEENA",
    "SHANTHI",
    "VANITHA",
    "KALAIVANI",
    "REVATHI",
    "SUMATHI",
    "ANAND",
    "BALA",
    "CHANDRAN",
    "GOPAL",
    "HARI",
    "KRISHNAN",
    "MOHAN",
    "NAVIN",
    "PARAMASIVAM",
    "RAMESH",
    "SIVA",
    "THIAGU",
]


@dataclass
class Person:
    index: int
    id_type: str
    id_number: str
    full_name: str
    date_of_birth: date
    sex: str
    nationality: str
    phone: str
    email: str
    state: str


def _name(rng: random.Random, sex: str) -> str:
    group = rng.random()
    if group < 0.62:
        first = rng.choice(MALAY_M if sex == "M" else MALAY_F)
        second = rng.choice(MALAY_M if sex == "M" else MALAY_F)
        link = "BIN" if sex == "M" else "BINTI"
        return f"{first} {second} {link} {rng.choice(MALAY_M)} {rng.choice(MALAY_M)}"
    if group < 0.9:
        given = f"{rng.choice(CHINESE_GIVEN)} {rng.choice(CHINESE_GIVEN)}"
        return f"{rng.choice(CHINESE_SURNAME)} {given}"
    link = "A/L" if sex == "M" else "A/P"
    return (
        f"{rng.choice(INDIAN_GIVEN)} {rng.choice(INDIAN_GIVEN)} {link} {rng.choice(INDIAN_GIVEN)}"
    )


def _dob(rng: random.Random, block: int, blocks: int) -> date:
    start = date(1930, 1, 1)
    day = rng.randrange(0, (date(2009, 12, 31) - start).days)
    day = day - day % blocks + block
    return start + timedelta(days=day)


def mykad(dob: date, index: int) -> str:
    serial = f"{index % 1_000_000:06d}"
    return f"{dob:%y%m%d}-{serial[:2]}-{serial[2:]}"


def make_person(rng: random.Random, index: int, blocks: int, state: str) -> Person:
    sex = "M" if rng.random() < 0.51 else "F"
    dob = _dob(rng, index // 1_000_000, blocks)
    kind = rng.random()
    nationality = "MY"
    if kind < 0.90:
        id_type, number = "MYKAD", mykad(dob, index)
    elif kind < 0.915:
        id_type, number = "MYPR", mykad(dob, index)
    elif kind < 0.925:
        id_type, number = "MYTENTERA", mykad(dob, index)
    elif kind < 0.93:
        id_type, number = "MYKAS", mykad(dob, index)
    else:
        id_type, number = "PASSPORT", f"{'AHKP'[index % 4]}{index:08d}"
        nationality = rng.choice(("ID", "BD", "NP", "MM", "IN", "PH", "PK", "CN"))
    name = _name(rng, sex)
    scrambled = (index * 7_919_317 + 1_234_567) % 100_000_000  # unique, not sequential
    phone = f"01{scrambled // 10_000_000}-{scrambled % 10_000_000:07d}"
    email = ""
    if rng.random() < 0.6:
        email = f"{name.split()[0].lower()}.{(index * 104_729 + 7) % 10_000_000}@mail.example.my"
    return Person(index, id_type, number, name, dob, sex, nationality, phone, email, state)


def number_variant(rng: random.Random, id_type: str, number: str) -> str:
    """The same number as a person might type it: with or without dashes or spaces."""
    if id_type == "PASSPORT":
        return number.lower() if rng.random() < 0.1 else number
    roll = rng.random()
    if roll < 0.5:
        return number
    if roll < 0.9:
        return number.replace("-", "")
    return number.replace("-", " ")


def mistyped(number: str) -> str:
    """One digit of the date part changed: a different identity key, still 12 digits."""
    digits = number.replace("-", "")
    day = int(digits[4:6])
    new_day = day + 10 if day <= 18 else day - 10
    return f"{digits[:4]}{new_day:02d}{digits[6:]}"


def name_typo(rng: random.Random, name: str) -> str:
    """One letter doubled or dropped, or the punctuation and spacing changed."""
    roll = rng.random()
    if roll < 0.4:
        return name.title().replace(" ", "  ", 1)
    pos = rng.randrange(1, len(name) - 1)
    if name[pos] == " " or name[pos - 1] == " ":
        return name.lower()
    if roll < 0.7:
        return name[:pos] + name[pos] + name[pos:]
    return name[:pos] + name[pos + 1 :]
