"""Standardised names (``fnt``/``gnt``): ICAO Doc 9303 Part 3 transliteration, and the
certificate identifier (UVCI) with its Luhn mod N check character."""

from __future__ import annotations

import re
import secrets
import unicodedata

MAX_NAME = 80

# ICAO 9303-3 §6 recommended transliterations that are not "drop the accent".
_LATIN = {
    "Ä": "AE", "Æ": "AE", "Å": "AA", "Ö": "OE", "Ø": "OE", "Œ": "OE", "Ü": "UE", "ß": "SS",
    "Þ": "TH", "Ð": "D", "Đ": "D", "Ħ": "H", "Ł": "L", "Ŀ": "L", "Ŋ": "N", "Ĳ": "IJ", "ẞ": "SS",
}  # fmt: skip
# ICAO 9303-3 Cyrillic table (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian).
_CYRILLIC = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Ґ": "G", "Д": "D", "Ђ": "D", "Ѓ": "G", "Е": "E",
    "Ё": "E", "Є": "IE", "Ж": "ZH", "З": "Z", "Ѕ": "DZ", "И": "I", "І": "I", "Ї": "I", "Й": "I",
    "Ј": "J", "К": "K", "Л": "L", "Љ": "LJ", "М": "M", "Н": "N", "Њ": "NJ", "О": "O", "П": "P",
    "Р": "R", "С": "S", "Т": "T", "Ћ": "C", "Ќ": "K", "У": "U", "Ў": "U", "Ф": "F", "Х": "KH",
    "Ц": "TS", "Ч": "CH", "Џ": "DZ", "Ш": "SH", "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "",
    "Э": "E", "Ю": "IU", "Я": "IA",
}  # fmt: skip
_SEPARATORS = re.compile(r"[\s\-,/.]+")
_DROPPED = re.compile(r"['’`´\"]")


def icao_transliterate(name: str) -> str:
    """``Musterfrau-Gößinger`` -> ``MUSTERFRAU<GOESSINGER``; ``Siti a/p Ali`` -> ``SITI<A<P<ALI``.

    Spaces, hyphens, commas, dots and slashes become the filler ``<``; apostrophes are dropped;
    letters outside Latin and Cyrillic (e.g. Jawi, Han, Tamil) are omitted, so a holder whose
    name has no Latin form must be given one (the MyKad/passport spelling).
    """
    text = _DROPPED.sub("", name.strip().upper())
    out = []
    for char in _SEPARATORS.sub("<", text):
        if "A" <= char <= "Z" or char == "<":
            out.append(char)
        elif char in _LATIN:
            out.append(_LATIN[char])
        elif char in _CYRILLIC:
            out.append(_CYRILLIC[char])
        else:
            base = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in base if "A" <= c <= "Z"))
    standard = re.sub("<+", "<", "".join(out)).strip("<")
    return standard[:MAX_NAME].rstrip("<")


# ---------------------------------------------------------------- UVCI

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_N = len(_ALPHABET)
UVCI_PREFIX = "URN:UVCI:01:"


def _luhn_sum(text: str, start_factor: int) -> int:
    factor, total = start_factor, 0
    for char in reversed(text):
        addend = factor * _ALPHABET.index(char)
        factor = 1 if factor == 2 else 2
        total += addend // _N + addend % _N
    return total


def check_character(uvci: str) -> str:
    """Luhn mod 36 over the UVCI's letters and digits (separators ``:`` ``/`` ignored)."""
    body = [c for c in uvci.upper().removeprefix("URN:UVCI:") if c in _ALPHABET]
    return _ALPHABET[(_N - _luhn_sum("".join(body), 2) % _N) % _N]


def new_uvci(country: str = "MY", issuer_code: str = "MOH", opaque: str | None = None) -> str:
    """``URN:UVCI:01:MY:MOH/<26 random hex digits>#<check>``; ``opaque`` overrides the
    random part (upper-case letters and digits only)."""
    unique = opaque or secrets.token_hex(13).upper()
    if not re.fullmatch(r"[A-Z0-9]+", unique) or not re.fullmatch(r"[A-Z0-9]+", issuer_code):
        raise ValueError("UVCI parts must be upper-case letters and digits")
    uvci = f"{UVCI_PREFIX}{country}:{issuer_code}/{unique}"
    return f"{uvci}#{check_character(uvci)}"


def uvci_valid(ci: str) -> bool:
    uvci, sep, check = ci.upper().rpartition("#")
    return bool(sep) and uvci.startswith(UVCI_PREFIX) and check == check_character(uvci)
