"""A Malaysian name model with frequencies, so that common names collide as they do in life.

Each table below is ``NAME weight`` pairs: a weight is the name's relative frequency within
its group, rounded from the shape of Malaysia's naming (JPN's most-registered names lists and
the long tail behind them: a handful of names such as MUHAMMAD, NUR, SITI, TAN and LIM carry a
large share; most names are rare). They are ranks, not counts: the model's aim is that two
random people share a whole name about as often as in a country of 30 million, which is what
makes namesakes (two people with the same name, birthday and sex) a real test of matching.

Groups (citizens, from DOSM's ethnic shares): Malay 57 %, other Bumiputera 12 % (Iban and
Kadazan-Dusun names with ``ANAK``), Chinese 23 %, Indian 7 %, others 1 %. Foreign passport
holders get names from their nationality. A name is returned in parts (given, link, family)
so that twins can share the family part and so that the written forms (``BIN``/``B.``,
``MOHD``/``MUHAMMAD``, family name first or last) can vary between two accounts of one person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


def _table(text: str) -> tuple[list[str], list[float]]:
    words = text.split()
    return [w.replace("_", " ") for w in words[::2]], [float(w) for w in words[1::2]]


# Malay given names; MUHAMMAD is written in several romanisations (ROMAN_MUHAMMAD).
MALAY_M_FIRST = _table("""
MUHAMMAD 300 AHMAD 60 ABDUL 45 NIK 8 WAN 10 MEGAT 2 SYED 6 ISMAIL 12
HASSAN 10 ZULKIFLI 12 AZMAN 10 ROSLAN 10 KAMARUDDIN 5 RAZAK 6 HAFIZ 9 FARID 7
ADAM 10 AMIR 12 ARIF 8 HARIS 6 IMRAN 6 LUQMAN 5 HAKIM 6 SYAFIQ 7 FIRDAUS 6 RIDZUAN 5 SAIFUL 6
KHAIRUL 8 SHAHRUL 5 NAZRI 4 JAMAL 4 ANUAR 5 BADRUL 3 ZAINAL 5 YUSOF 6 IBRAHIM 7 OMAR 6 OTHMAN 4
""")
MALAY_M_SECOND = _table("""
AMIRUL 20 HAFIZ 18 AIMAN 16 DANIAL 14 IRFAN 14 HAZIQ 12 FIRDAUS 12 SYAFIQ 12 FAIZ 10 ARIF 10
HAKIMI 9 IKHWAN 8 NAZMI 8 ZAKWAN 7 AFIQ 7 ASYRAF 7 AZRI 6 FARHAN 6 HARITH 6 IZZAT 6 LUQMAN 5
RIDHWAN 5 SHAHMI 5 ZUHAIR 3 ADLI 3 AQIL 4 BAZLI 2 FAKHRUL 3 HAZIM 4 KHAIRI 4 NAQIB 3 RAZIN 3
""")
MALAY_F_FIRST = _table("""
NUR 300 SITI 160 NOR 60 NURUL 90 NOOR 15 FATIMAH 10 AISYAH 14 WAN 8 NIK 8 SHARIFAH 6
ZURAIDA 4 SALMAH 5 ROSNAH 6 HASNAH 4 AMINAH 6 ZAINAB 5 MARIAM 6 KHADIJAH 5 FARAH 8 HANIS 4
IZZATI 5 NABILAH 5 NADIA 6 INTAN 4 LIYANA 5 SOFEA 5 BALQIS 4 AZLINA 4 NORAINI 5 SUHAILA 3
""")
MALAY_F_SECOND = _table("""
AIN 20 ATIQAH 18 AISYAH 18 NABILAH 14 IZZATI 14 SYAHIRAH 12 NADHIRAH 10 HIDAYAH 12 FARHANA 10
AQILAH 10 ALIA 9 AMIRAH 9 BALQIS 8 DAYANA 6 ELYA 5 HUSNA 8 LIYANA 8 MAISARAH 6 NAJWA 7 QISTINA 6
SOFEA 8 SYAZWANI 7 ZULAIKHA 5 ADLINA 3 BATRISYIA 3 HANNAH 6 INSYIRAH 4 KHALISAH 2 MARDHIAH 3
""")
# A father's name: the family part of a Malay or Indian name.
MALAY_FATHER = _table("""
ABDULLAH 60 AHMAD 45 MUHAMMAD 70 ISMAIL 30 IBRAHIM 28 HASSAN 26 OTHMAN 20 YUSOF 22 OMAR 18
ALI 22 ABU_BAKAR 16 ABDUL_RAHMAN 18 ABDUL_RAHIM 12 ABDUL_AZIZ 12 ABDUL_HAMID 10 ABDUL_RAZAK 10
MAHMUD 12 SULAIMAN 14 HAMZAH 10 HUSSIN 12 MOHAMAD_NOOR 6 ZAKARIA 10 YAHYA 10 MUSA 10 SALLEH 9
ARIFFIN 9 ZAINAL_ABIDIN 6 KAMARUDIN 7 RAMLI 8 ROSLI 8 AZIZ 8 HASHIM 9 JAAFAR 7 MAT 6 DAUD 7
HARUN 7 RAHMAN 7 RAZALI 6 SAMSUDIN 5 SHAMSUL 5 ZAINUDIN 5 ZULKIFLI 9 AZMI 6 NORDIN 6 AWANG 6
""")
BORNEO_GIVEN_M = _table("""
JOHNNY 10 JOSEPH 12 PETER 10 JAMES 9 JOHN 10 MICHAEL 8 DAVID 8 PAUL 6 STEPHEN 5 ANTHONY 5
JUGAH 3 LANGGI 2 MOJUNTIN 2 GIMBANG 2 AWANG 4 DANNY 4 ROBERT 5 FRANCIS 5 BENEDICT 3 RAYMOND 4
""")
BORNEO_GIVEN_F = _table("""
MARY 12 JENNIFER 8 AGNES 6 CHRISTINA 7 MARGARET 6 ROSALIND 3 NANCY 5 JANET 5 ANNA 6 DORIS 4
SUSAN 5 LUCY 5 CATHERINE 5 JULIANA 4 ELIZABETH 5 MONICA 4 DAYANG 3 SANDRA 3 IRENE 4 LINDA 4
""")
BORNEO_FAMILY = _table("""
JUGAH 8 LANGGI 5 GIMBANG 5 MOJUNTIN 4 MAJAMBU 3 LINGGI 4 NYAMBONG 3 UNTING 3 GANTANG 3 SAGAN 3
BUJANG 6 JOSEPH 5 PETER 4 JOHN 4 MOJILIP 3 TAKANG 3 SANDAI 3 BAKIT 3 ENTERI 3 MULOK 2 SINDU 2
""")
CHINESE_SURNAME = _table("""
TAN 140 LIM 110 LEE 90 NG 70 WONG 75 CHAN 50 ONG 40 CHONG 40 TEH 30 GOH 30 CHIN 25 LOW 22 YAP 25
LAI 20 KOH 20 HO 22 CHEAH 15 LIEW 15 SIM 12 TEO 12 FOO 10 CHUA 12 KHOO 12 YEOH 10 LOH 12 PANG 8
SOO 8 TAY 10 HENG 8 LAU 18 CHEW 12 LEONG 12 CHEONG 10 CHOO 8 SOH 8 TEOH 10 YEO 8 KOK 6 HII 5
""")
# Chinese given names are two syllables; siblings often share the first (generation) one.
CHINESE_SYLLABLE = _table("""
WEI 60 MEI 50 LING 45 KAR 20 HUI 30 XIN 25 JIA 30 YEE 25 CHEE 30 SIEW 25 KOK 20 BOON 18 CHUN 20
YONG 18 MING 25 JUN 20 HAO 15 ZHI 18 YI 20 PEI 18 KIT 12 SENG 15 FONG 12 LAY 10 WAI 12 KENG 10
TECK 10 HONG 15 SOON 12 KEAT 8 HOCK 8 CHIAN 6 YEN 10 SHU 10 WEN 15 JING 12 YAN 12 TING 10 EN 6
""")
INDIAN_GIVEN_M = _table("""
MURUGAN 15 RAJESH 14 KUMAR 16 SURESH 12 GANESAN 10 RAVI 12 PRAKASH 9 SELVAM 8 VIJAY 10 ARUN 10
DINESH 8 KANNAN 9 MANOJ 6 SARAVANAN 10 ANAND 8 BALA 6 CHANDRAN 8 GOPAL 7 HARI 6 KRISHNAN 10
MOHAN 8 NAVIN 5 RAMESH 10 SIVA 8 THIAGU 4 MUTHU 9 RAJA 8 SUBRAMANIAM 9 VELU 5 PERUMAL 6
""")
INDIAN_GIVEN_F = _table("""
PRIYA 12 KAVITHA 10 DEVI 12 LAKSHMI 12 MEENA 8 SHANTHI 8 VANITHA 7 KALAIVANI 5 REVATHI 7
SUMATHI 6 MALAR 6 SARASWATHY 7 PUSHPA 5 THILAGA 5 VASANTHI 6 GEETHA 7 RANI 8 SELVI 8 UMA 6
""")
INDIAN_FATHER = _table("""
MUNIANDY 10 SUPPIAH 9 RAMASAMY 10 KRISHNAN 10 SUBRAMANIAM 12 ARUMUGAM 10 VELU 8 PERUMAL 8
RAJOO 8 GOVINDASAMY 7 MUTHUSAMY 9 KANNIAPPAN 4 SINNIAH 6 RAMAN 7 NAIR 5 PILLAI 6 MANIAM 7
""")
FOREIGN = {
    "ID": _table("BUDI 10 AGUS 10 SRI 8 DEWI 8 SITI 8 ADI 6 EKO 6 SANTOSO 8 SETIAWAN 8 WATI 6"),
    "BD": _table("MD 20 RAHMAN 12 HOSSAIN 12 ISLAM 12 UDDIN 10 AKTER 8 KHATUN 6 ALAM 8 MIAH 8"),
    "NP": _table("RAM 10 BAHADUR 12 GURUNG 10 TAMANG 10 MAGAR 8 RAI 8 SHRESTHA 8 KUMARI 6"),
    "MM": _table("AUNG 12 KYAW 10 MIN 10 THU 8 ZAW 8 SAN 6 MOE 6 HTET 6 WIN 8 NAING 8"),
    "IN": _table("RAJ 8 SINGH 12 KUMAR 10 SHARMA 8 DEVI 6 ANIL 6 SUNIL 6 GUPTA 6 PATEL 6"),
    "PH": _table("JOSE 8 MARIA 10 REYES 8 SANTOS 8 CRUZ 8 GARCIA 6 DELA_CRUZ 6 ANA 6 JUAN 6"),
    "PK": _table("MUHAMMAD 20 ALI 10 KHAN 14 AHMED 10 HUSSAIN 8 IQBAL 6 RAZA 6 SHAH 6 BIBI 4"),
    "CN": _table("WANG 12 LI 12 ZHANG 10 LIU 8 CHEN 8 YANG 6 WEI 8 FANG 6 JUN 6 XIU 6"),
}
# How MUHAMMAD is written on identity documents (JPN registers several spellings).
ROMAN_MUHAMMAD = _table("MUHAMMAD 40 MOHD 30 MOHAMAD 12 MUHAMAD 8 MOHAMMAD 6 MOHAMED 4")
GROUPS = _table("MALAY 57 BORNEO 12 CHINESE 23 INDIAN 7 OTHER 1")


@dataclass
class Name:
    given: str
    link: str  # BIN, BINTI, A/L, A/P, ANAK or "" (Chinese: family name first)
    family: str
    family_first: bool = False
    group: str = "MALAY"

    def text(self) -> str:
        if self.family_first:
            return f"{self.family} {self.given}"
        return " ".join(p for p in (self.given, self.link, self.family) if p)


def _pick(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    return rng.choices(table[0], table[1])[0]


def _roman(rng: random.Random, word: str) -> str:
    return _pick(rng, ROMAN_MUHAMMAD) if word == "MUHAMMAD" else word


def _given(rng: random.Random, group: str, sex: str) -> str:
    if group == "MALAY":
        first = _pick(rng, MALAY_M_FIRST if sex == "M" else MALAY_F_FIRST)
        if rng.random() < 0.65 or first in ("MUHAMMAD", "NUR", "SITI", "NURUL", "NOR"):
            second = _pick(rng, MALAY_M_SECOND if sex == "M" else MALAY_F_SECOND)
            return f"{_roman(rng, first)} {second}"
        return first
    if group == "BORNEO":
        return _pick(rng, BORNEO_GIVEN_M if sex == "M" else BORNEO_GIVEN_F)
    if group == "CHINESE":
        return f"{_pick(rng, CHINESE_SYLLABLE)} {_pick(rng, CHINESE_SYLLABLE)}"
    return _pick(rng, INDIAN_GIVEN_M if sex == "M" else INDIAN_GIVEN_F)


def make_name(rng: random.Random, sex: str, nationality: str = "MY") -> Name:
    if nationality != "MY":
        table = FOREIGN.get(nationality, FOREIGN["ID"])
        return Name(_pick(rng, table), "", _pick(rng, table), group="FOREIGN")
    group = _pick(rng, GROUPS)
    if group == "OTHER":
        group = rng.choice(("MALAY", "CHINESE", "INDIAN"))
    given = _given(rng, group, sex)
    if group == "MALAY":
        father = _roman(rng, _pick(rng, MALAY_FATHER))
        return Name(given, "BIN" if sex == "M" else "BINTI", father, group=group)
    if group == "BORNEO":
        return Name(given, "ANAK", _pick(rng, BORNEO_FAMILY), group=group)
    if group == "CHINESE":
        return Name(given, "", _pick(rng, CHINESE_SURNAME), family_first=True, group=group)
    return Name(given, "A/L" if sex == "M" else "A/P", _pick(rng, INDIAN_FATHER), group=group)


def twin_name(rng: random.Random, sibling: Name, sex: str) -> Name:
    """A twin: the same family part, another given name (Chinese twins share a syllable)."""
    for _ in range(20):
        if sibling.group == "CHINESE":
            given = f"{sibling.given.split()[0]} {_pick(rng, CHINESE_SYLLABLE)}"
        elif sibling.group == "FOREIGN":
            given = _pick(rng, FOREIGN["ID"])
        else:
            given = _given(rng, sibling.group, sex)
        if given != sibling.given:
            break
    link = sibling.link
    if sibling.group == "MALAY":
        link = "BIN" if sex == "M" else "BINTI"
    elif sibling.group == "INDIAN":
        link = "A/L" if sex == "M" else "A/P"
    return Name(given, link, sibling.family, sibling.family_first, sibling.group)


SHORT_LINK = {"BIN": ("B.", "BN"), "BINTI": ("BT.", "BT", "BTE"), "A/L": ("AL",), "A/P": ("AP",)}


def written_variant(rng: random.Random, name: Name) -> str:
    """The same name as written on another document or typed into another account."""
    roll = rng.random()
    text = name.text()
    if roll < 0.25 and name.link in SHORT_LINK:
        return " ".join(
            p for p in (name.given, rng.choice(SHORT_LINK[name.link]), name.family) if p
        )
    if roll < 0.45 and name.group == "CHINESE":
        return f"{name.given} {name.family}"  # passport order: given name first
    if roll < 0.55 and any(w in text.split() for w, _ in zip(*ROMAN_MUHAMMAD, strict=True)):
        words = [_pick(rng, ROMAN_MUHAMMAD) if w in ROMAN_MUHAMMAD[0] else w for w in text.split()]
        return " ".join(words)
    if roll < 0.8:
        return name_typo(rng, text)
    return text


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
