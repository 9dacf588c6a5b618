"""The demo's named people: four citizens with fixed phone numbers (so the README and
``sihat demo logins`` can name them), their dependents, and what each staff persona can try.

Every date is relative to the day the demo is seeded: ages, registrations and doses are
counted back from ``today``, so the same people exist whatever the calendar says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.demo.population import SyntheticPerson
from sihat.identity import service as identity
from sihat.identity.models import Account

DEMO_PASSWORD = "sihat-demo-2026"  # every demo login, citizen and staff


@dataclass(frozen=True)
class Citizen:
    key: str
    phone: str
    full_name: str
    sex: str
    age_days: int  # on the day of seeding
    pb: int  # MyKad place-of-birth code
    serial: str  # the last four digits (odd for men, even for women)
    state: str
    district: str
    registered_days_ago: int
    doses: int  # 0 (waiting), 2 (primary series) or 3 (with a booster)
    comorbidity: bool
    try_ms: str
    try_en: str


@dataclass(frozen=True)
class Dependent:
    guardian: str  # a Citizen.key
    full_name: str
    sex: str
    age_days: int
    pb: int
    serial: str
    relationship: str


CITIZENS: tuple[Citizen, ...] = (
    Citizen(
        "aisyah",
        "+60133000001",
        "Nur Aisyah binti Ahmad",
        "F",
        34 * 365 + 40,
        10,
        "1234",
        "Selangor",
        "Petaling",
        300,
        3,
        False,
        "lengkap divaksin dengan dos penggalak: sijil sah, sejarah daftar masuk, "
        "daftar masuk bersama anaknya Adam",
        "fully vaccinated with a booster: valid certificates, check-in history, "
        "check in together with her son Adam",
    ),
    Citizen(
        "rajesh",
        "+60133000002",
        "Rajesh a/l Kumar",
        "M",
        41 * 365 + 100,
        10,
        "4321",
        "Selangor",
        "Petaling",
        280,
        2,
        False,
        "anaknya Priya positif COVID-19 hari ini: status MySejahtera 'perintah pengawasan "
        "di rumah' dan perintah bertandatangan yang boleh disahkan",
        "his daughter Priya tested positive today: MyRisk status 'home surveillance "
        "order' and a signed order that verifies",
    ),
    Citizen(
        "meiling",
        "+60133000003",
        "Tan Mei Ling",
        "F",
        45 * 365 + 200,
        10,
        "5678",
        "Selangor",
        "Petaling",
        290,
        3,
        False,
        "pemilik premis: enam premis, poster kod QR, kiraan daftar masuk; dalam pemantauan: "
        "penilaian kendiri harian hari ini",
        "premise owner: six premises, QR posters, check-in counts; under surveillance: "
        "today's daily self-assessment",
    ),
    Citizen(
        "farid",
        "+60133000004",
        "Muhammad Farid bin Hassan",
        "M",
        62 * 365 + 15,
        10,
        "2469",
        "Selangor",
        "Petaling",
        6,
        0,
        True,
        "baru mendaftar, belum divaksin: temu janji di PPV A minggu ini (terima, tukar, batal)",
        "registered, not yet vaccinated: an appointment at PPV A this week "
        "(accept, reschedule, cancel)",
    ),
)

DEPENDENTS: tuple[Dependent, ...] = (
    Dependent("aisyah", "Adam bin Zulkifli", "M", 9 * 365 + 30, 10, "0135", "CHILD"),
    Dependent("rajesh", "Priya a/p Rajesh", "F", 12 * 365 + 77, 10, "0246", "CHILD"),
)

# username -> (Malay, English): what each staff persona can try.
STAFF_TRY: dict[str, tuple[str, str]] = {
    "admin": (
        "pusat vaksin, stok, permintaan kakitangan (perlu kelulusan orang lain)",
        "centres, stock, staff requests (another administrator approves)",
    ),
    "approver": (
        "meluluskan permintaan kakitangan dan eksport",
        "approve staff and export requests",
    ),
    "admin2": ("pentadbir kedua (pelulus kedua)", "a second administrator (second approver)"),
    "hotline": ("mendaftar bagi pihak orang awam", "register a person on their behalf"),
    "desk.a": (
        "pendaftaran walk-in dan barisan temu janji hari ini di PPV A",
        "walk-in registration and today's appointment queue at PPV A",
    ),
    "vaccinator.a": (
        "merekod dos di PPV A (stok dalam tarikh; Farid menunggu)",
        "record a dose at PPV A (stock in date; Farid is waiting)",
    ),
    "vaccinator.b": ("merekod dos di PPV B", "record a dose at PPV B"),
    "supervisor.a": (
        "kelulusan entri lewat dan pindaan di PPV A",
        "late-entry and amendment approvals at PPV A",
    ),
    "health": (
        "kes hari ini: satu disahkan dengan kontak kasual, dua menunggu pengesahan; "
        "perintah pengawasan di rumah; penilaian kendiri yang terlepas",
        "today's cases: one confirmed with casual contacts, two awaiting confirmation; "
        "home surveillance orders; missed self-assessments",
    ),
    "auditor": ("menjalankan audit ke atas pangkalan data ini", "run the audit on this database"),
    "security": ("percubaan pencerobohan dan sumber yang disekat", "intrusion attempts, blocks"),
}


def mykad(born: date, pb: int, serial: str) -> str:
    return f"{born:%y%m%d}{pb:02d}{serial}"


def born_on(age_days: int, today: date) -> date:
    return today - timedelta(days=age_days)


def person_of(c: Citizen, today: date) -> SyntheticPerson:
    born = born_on(c.age_days, today)
    email = f"{c.key}@example.my"
    return SyntheticPerson(
        "MYKAD",
        mykad(born, c.pb, c.serial),
        c.full_name,
        born,
        c.sex,
        "MY",
        c.state,
        c.district,
        c.phone,
        email,
    )


def by_key(key: str) -> Citizen:
    return next(c for c in CITIZENS if c.key == key)


def accounts(session: Session) -> dict[str, Account]:
    """The named citizens' accounts (key -> account), found by their phone numbers."""
    found: dict[str, Account] = {}
    for c in CITIZENS:
        account = session.scalar(
            select(Account).where(
                Account.phone_hash == blind_index("phone", c.phone), Account.status == "ACTIVE"
            )
        )
        if account is not None:
            found[c.key] = account
    return found


def add_dependents(session: Session, today: date) -> dict[str, str]:
    """Each named dependent added by their guardian a month ago; guardian key -> person id."""
    owners = accounts(session)
    added: dict[str, str] = {}
    with clock.frozen(clock.now() - timedelta(days=30)):
        for d in DEPENDENTS:
            born = born_on(d.age_days, today)
            data = identity.IdentityInput(
                "MYKAD", mykad(born, d.pb, d.serial), d.full_name, born, d.sex, "MY"
            )
            link = identity.add_dependent(session, owners[d.guardian], data, d.relationship)
            added[d.guardian] = link.person_id
    return added
