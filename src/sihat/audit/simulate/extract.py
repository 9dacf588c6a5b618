"""Stream the people of a simulated extract: registrations, accounts and dose records.

One pass over the people, one row at a time to each file, so memory stays flat however large
the extract. What was written is tallied as it goes; the tallies become ``expected.json``.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sihat.audit.schema import CHANNELS
from sihat.audit.simulate import rates
from sihat.audit.simulate.centres import PROGRAMME_START, Centre
from sihat.audit.simulate.doses import (
    Dose,
    choose_missing,
    clean_delay,
    fmt_local,
    plant,
    set_dates,
)
from sihat.audit.simulate.names import twin_name, written_variant
from sihat.audit.simulate.people import (
    BLOCK,
    Person,
    make_person,
    mistyped,
    mykad,
    number_variant,
    phone_of,
)
from sihat.audit.simulate.plan import Plan, SimulationConfig

ACCOUNT_HEADER = [
    "mysj_id",
    "id_type",
    "id_number",
    "full_name",
    "date_of_birth",
    "sex",
    "nationality",
    "phone",
    "email",
    "state",
    "created_at",
    "status",
    "identity_verified",
]
REGISTRATION_HEADER = [
    "registration_id",
    "mysj_id",
    "id_type",
    "id_number",
    "channel",
    "registered_at",
    "state",
]
BRAND_CODES = {
    "PFIZER": "PF",
    "SINOVAC": "SV",
    "ASTRAZENECA": "AZ",
    "SINOPHARM": "SP",
    "CANSINO": "CS",
}


@dataclass
class Tally:
    registrations: Counter[str] = field(default_factory=Counter)
    recipients: Counter[str] = field(default_factory=Counter)
    incomplete: Counter[str] = field(default_factory=Counter)
    findings: Counter[str] = field(default_factory=Counter)
    lookalikes: Counter[str] = field(default_factory=Counter)
    data_quality: Counter[str] = field(default_factory=Counter)
    dup_sizes: Counter[int] = field(default_factory=Counter)
    probable_pairs: list[list[str]] = field(default_factory=list)
    probable_by_kind: dict[str, list[list[str]]] = field(default_factory=dict)
    lookalike_ids: dict[str, list[Any]] = field(default_factory=dict)
    rows: Counter[str] = field(default_factory=Counter)


class PeopleWriter:
    def __init__(
        self,
        config: SimulationConfig,
        plan: Plan,
        centres: list[Centre],
        writers: dict[str, Any],
        rng: random.Random,
    ) -> None:
        self.config, self.plan, self.rng, self.w = config, plan, rng, writers
        self.tally = Tally()
        self.centres = centres
        self.groups = {
            "all": centres,
            "closed_for_good": [c for c in centres if c.closed_for_good],
            "gapped": [c for c in centres if len(c.periods) > 1],
        }
        self.usable = [c for c in centres if c.usable()]
        self.states = list(rates.POPULATION)
        self.state_weights = list(rates.POPULATION.values())
        self.brands = list(rates.BRANDS)
        self.brand_weights = list(rates.BRANDS.values())
        d = rates.DOSES
        self.more_doses = (
            d["full"] / d["partial"],
            d["booster"] / d["full"],
            d["booster2"] / d["booster"],
        )
        self.blocks = max(1, plan.people // BLOCK + 1)
        self.counters: Counter[str] = Counter()
        self.last_app_person: Person | None = None
        self.last_app_account = ""

    def _id(self, prefix: str, width: int = 9) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]:0{width}d}"

    def _channel(self) -> str:
        share = rates.CHANNEL_SHARE
        group = self.rng.choices(list(share), list(share.values()))[0]
        if group == "MYSJ":
            return "MYSJ"
        if group == "WEB_HOTLINE":
            return "HOTLINE" if self.rng.random() < rates.HOTLINE_OF_WEB else "WEB"
        return "OUTREACH" if self.rng.random() < rates.OUTREACH_OF_WALKIN else "WALKIN"

    def _group(self, channel: str) -> str:
        if channel in ("WEB", "HOTLINE"):
            return "WEB_HOTLINE"
        return "WALKIN_OUTREACH" if channel in ("WALKIN", "OUTREACH") else "MYSJ"

    def _account(self, p: Person, **over: str) -> str:
        mysj = self._id("MYSJ")
        created = datetime(2020, 4, 20) + timedelta(minutes=self.rng.randrange(900_000))
        status = self.rng.choices(("ACTIVE", "INACTIVE", "CLOSED"), (96, 3, 1))[0]
        row = {
            "mysj_id": mysj,
            "id_type": p.id_type,
            "id_number": number_variant(self.rng, p.id_type, p.id_number),
            "full_name": p.full_name,
            "date_of_birth": p.date_of_birth.isoformat(),
            "sex": p.sex,
            "nationality": p.nationality,
            "phone": p.phone,
            "email": p.email,
            "state": p.state,
            "created_at": fmt_local(created, self.rng.choice(("naive", "offset", "z"))),
            "status": status,
            "identity_verified": self.rng.choice(("true", "TRUE", "True"))
            if self.rng.random() < 0.93
            else "false",
        }
        row.update(over)
        self.w["accounts"].writerow([row[h] for h in ACCOUNT_HEADER])
        self.tally.rows["accounts"] += 1
        return mysj

    def _accounts(self, p: Person, kind: str | None) -> list[str]:
        """The person's accounts; the first one is the one their doses name by default."""
        ok = {"status": "ACTIVE", "identity_verified": "true"}
        if kind == "dup":
            size = self.plan.dup_size_of[p.index]
            self.tally.dup_sizes[size] += 1
            return [self._account(p, **ok) for _ in range(size)]
        if kind in ("dup_inactive", "dup_unverified", "dup_no_dose"):
            first = self._account(p, **ok)
            second_over = dict(ok)
            if kind == "dup_inactive":
                second_over["status"] = self.rng.choice(("INACTIVE", "CLOSED"))
            elif kind == "dup_unverified":
                second_over["identity_verified"] = "false"
            second = self._account(p, **second_over)
            self._look(kind, [first, second])
            return [first, second] if kind != "dup_no_dose" else [first]
        if kind == "probable":
            first = self._account(p)
            self._probable_twin(p, first)
            return [first]
        if kind in ("namesake", "twin") and self.last_app_person is not None:
            self._relative(p, kind)
        account = self._account(p)
        if kind in ("namesake", "twin") and self.last_app_person is not None:
            self._look(kind, sorted([self.last_app_account, account]))
        self.last_app_person, self.last_app_account = p, account
        return [account]

    def _relative(self, p: Person, kind: str) -> None:
        """Make ``p`` a namesake (same name, birthday and sex: another person with another
        MyKad, phone and state) or a twin (same family name and birthday, another given name)
        of the previous account holder."""
        other = self.last_app_person
        assert other is not None
        if kind == "namesake":
            p.name, p.full_name, p.sex = other.name, other.full_name, other.sex
        else:
            p.name = twin_name(self.rng, other.name, p.sex)
            p.full_name, p.state = p.name.text(), other.state
        if p.index // BLOCK == other.index // BLOCK:  # same block: numbers stay unique
            p.date_of_birth = other.date_of_birth
            if p.id_type != "PASSPORT":
                p.id_number = mykad(p.date_of_birth, p.index, p.sex)

    def _look(self, kind: str, ids: Any) -> None:
        self.tally.lookalikes[kind] += 1
        self.tally.lookalike_ids.setdefault(kind, []).append(ids)

    def _probable_twin(self, p: Person, first: str) -> None:
        """A second account for the same person under a different identity key: another
        document (a passport, or an OTHER document for a foreigner) or a mistyped MyKad, the
        name as written there, mostly the same phone."""
        roll, kind = self.rng.random(), "cross_document"
        if p.id_type == "PASSPORT" or roll < 0.3:
            over = {"id_type": "OTHER", "id_number": f"X{p.index:09d}"}
        elif roll < 0.65:
            over = {"id_type": p.id_type, "id_number": mistyped(self.rng, p.id_number)}
            kind = "mistyped"
            if self.rng.random() < 0.8:  # the register seldom confirms a mistyped number
                over["identity_verified"] = "false"
        else:
            over = {"id_type": "PASSPORT", "id_number": f"K{p.index:08d}"}
        over["full_name"] = written_variant(self.rng, p.name)
        if self.rng.random() < 0.85:
            over["phone"] = "+60 " + p.phone[1:].replace("-", " ")
        else:
            over["phone"] = phone_of(p.index + 50_000_000)  # a second phone, nobody else's
        if self.rng.random() < 0.3:
            over["email"] = ""
        second = self._account(p, **over)
        self.tally.probable_pairs.append(sorted([first, second]))
        self.tally.probable_by_kind.setdefault(kind, []).append(sorted([first, second]))

    def _registrations(self, p: Person, channel: str, mysj: str, first_dose: Any) -> str:
        channels = [channel]
        if self.rng.random() < 0.04:
            channels.append(self.rng.choice(CHANNELS))
        for ch in channels:
            if ch in ("WALKIN", "OUTREACH") and first_dose is not None:
                at = datetime.combine(first_dose, time(9, 0))
            else:
                at = datetime.combine(PROGRAMME_START, time(8)) + timedelta(
                    minutes=self.rng.randrange(200_000)
                )
            self.w["registrations"].writerow(
                [
                    self._id("REG"),
                    mysj if ch == "MYSJ" else "",
                    p.id_type,
                    number_variant(self.rng, p.id_type, p.id_number),
                    ch.lower() if self.rng.random() < 0.05 else ch,
                    fmt_local(at, self.rng.choice(("naive", "offset", "z"))),
                    p.state,
                ]
            )
            self.tally.rows["registrations"] += 1
        best = min(channels, key=CHANNELS.index)
        self.tally.registrations[best] += 1
        return best

    def person(self, index: int) -> None:
        rng = self.rng
        state = rng.choices(self.states, self.state_weights)[0]
        p = make_person(rng, index, self.blocks, state)
        kind = self.plan.assign.get(index)
        needs_account = kind in ("dup", "probable", "namesake", "twin") or (kind or "").startswith(
            "dup_"
        )
        channel = "MYSJ" if needs_account else self._channel()
        accounts = self._accounts(p, kind) if channel == "MYSJ" else []
        recipient = rng.random() < rates.RECIPIENT_RATE[self._group(channel)]
        doses = self._doses(p, accounts, kind, recipient or kind is not None)
        first = doses[0].vaccinated_on if doses else None
        best = self._registrations(p, channel, accounts[0] if accounts else "", first)
        for dose in doses:
            self.w["vaccinations"].writerow(dose.row())
        self.tally.rows["vaccinations"] += len(doses)
        if any(d.has_identity() for d in doses):
            self.tally.recipients[best] += 1

    def _doses(
        self, p: Person, accounts: list[str], kind: str | None, vaccinated: bool
    ) -> list[Dose]:
        if not vaccinated:
            return []
        rng = self.rng
        count = 1
        for chance in self.more_doses:
            if rng.random() < chance:
                count += 1
            else:
                break
        if kind == "dup":
            count = max(count, len(accounts))
        brand = rng.choices(self.brands, self.brand_weights)[0]
        doses = []
        for n in range(count):
            centre = rng.choice(self.usable)
            dose = Dose(
                record_id=self._id("R", 10),
                mysj_id=accounts[n % len(accounts)] if accounts else "",
                id_type=p.id_type,
                id_number=number_variant(rng, p.id_type, p.id_number),
                dose_number=str(n % 5 + 1),
                brand=brand if n < 2 else "PFIZER",
                batch=f"{BRAND_CODES.get(brand, 'OT')}{rng.randrange(1000, 9999)}",
                ppv_code=centre.code,
                vaccinator=f"VAC{rng.randrange(1, 20000):05d}",
                vaccinated_on=centre.clean_date(rng),
                vaccinated_at="",
                uploaded_at="",
            )
            set_dates(dose, rng, dose.vaccinated_on, clean_delay(rng, self.config.threshold_days))
            doses.append(dose)
        if kind in self.plan.counts and not kind.startswith(
            ("dup", "namesake", "twin", "probable")
        ):
            self._plant(doses[-1], kind)
        return doses

    def _plant(self, dose: Dose, kind: str) -> None:
        missing = choose_missing(self.rng) if kind == "incomplete" else []
        plant(dose, kind, self.rng, self.groups, self.config.threshold_days, missing)
        if kind == "incomplete":
            self.tally.findings["incomplete"] += 1
            for name in missing:
                self.tally.incomplete[name] += 1
            if dose.dose_number == "7":
                self.tally.data_quality["vaccinations.csv:dose_number"] += 1
        elif kind in ("early", "late", "after_closed", "outside_period", "unknown_ppv"):
            self.tally.findings[kind] += 1
        else:
            self._look(kind, dose.record_id)
