"""Simulated people: Malaysian names (``names.py``), identity numbers, phones and emails.

A MyKad-family number is ``YYMMDD-PB-###G`` as JPN issues it: the date of birth, then six
digits whose last is odd for a man and even for a woman. Numbers are unique by construction:
the six digits are ``2 * s + sex`` where ``s`` is a bijective scramble of the person's index
modulo 500,000, and people in the n-th half-million get a date of birth whose day number is
congruent to n, so two people born on the same day never share ``s``. Phones and emails are
unique too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sihat.audit.simulate.names import Name, make_name

BLOCK = 500_000  # people per block of dates of birth (see the module's docstring)
FOREIGN = ("ID", "BD", "NP", "MM", "IN", "PH", "PK", "CN")


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
    name: Name


def dob_in_block(rng: random.Random, block: int, blocks: int) -> date:
    start = date(1930, 1, 1)
    day = rng.randrange(0, (date(2009, 12, 31) - start).days)
    day = day - day % blocks + block
    return start + timedelta(days=day)


def mykad(dob: date, index: int, sex: str) -> str:
    scrambled = (index % BLOCK * 7_919 + 123_457) % BLOCK  # 7,919 is prime to 2 and 5
    serial = f"{2 * scrambled + (1 if sex == 'M' else 0):06d}"
    return f"{dob:%y%m%d}-{serial[:2]}-{serial[2:]}"


def phone_of(index: int) -> str:
    scrambled = (index * 7_919_317 + 1_234_567) % 100_000_000  # unique, not sequential
    return f"01{scrambled // 10_000_000}-{scrambled % 10_000_000:07d}"


def email_of(rng: random.Random, name: Name, index: int) -> str:
    if rng.random() >= 0.6:
        return ""
    word = (name.given.split() or ["user"])[-1].lower()
    return f"{word}.{(index * 104_729 + 7) % 10_000_000}@mail.example.my"


def make_person(rng: random.Random, index: int, blocks: int, state: str) -> Person:
    sex = "M" if rng.random() < 0.51 else "F"
    dob = dob_in_block(rng, index // BLOCK, blocks)
    kind = rng.random()
    nationality = "MY"
    if kind < 0.90:
        id_type = "MYKAD"
    elif kind < 0.915:
        id_type = "MYPR"
    elif kind < 0.925:
        id_type = "MYTENTERA"
    elif kind < 0.93:
        id_type = "MYKAS"
    else:
        id_type = "PASSPORT"
        nationality = rng.choice(FOREIGN)
    passport = f"{'AHKP'[index % 4]}{index:08d}"
    number = passport if id_type == "PASSPORT" else mykad(dob, index, sex)
    name = make_name(rng, sex, nationality)
    email = email_of(rng, name, index)
    return Person(index, id_type, number, name.text(), dob, sex, nationality, phone_of(index),
                  email, state, name)  # fmt: skip


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


def mistyped(rng: random.Random, number: str) -> str:
    """The date part typed wrong (a digit changed, or two neighbours swapped): a different
    identity key, still 12 digits, never another person's number (the serial is unchanged)."""
    digits = number.replace("-", "")
    roll = rng.random()
    if roll < 0.5:
        day = int(digits[4:6])
        new_day = day + 10 if day <= 18 else day - 10
        return f"{digits[:4]}{new_day:02d}{digits[6:]}"
    if roll < 0.75 or digits[2] == digits[3]:
        year = int(digits[1]) + 1 if digits[1] != "9" else 8
        return f"{digits[0]}{year}{digits[2:]}"
    return f"{digits[:2]}{digits[3]}{digits[2]}{digits[4:]}"  # month digits swapped
