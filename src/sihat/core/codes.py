"""Refusal codes are data: each domain keeps its own in ``codes.toml`` beside its
``codes.py`` (status, English ``en``, Malay ``ms``; messages may use ``{placeholders}``), so
translators edit text, not code. :func:`load` reads and checks one such file; core's own codes
(below) are always in the catalogue, the domains' are registered by ``sihat.bootstrap``."""

from __future__ import annotations

import tomllib
from importlib import resources

Entry = tuple[int, str, str]


def load(package: str) -> dict[str, Entry]:
    """``package``'s ``codes.toml`` as ``code -> (status, English, Malay)``; a malformed entry
    is refused at start-up, naming the file and the code."""
    where = f"{package}/codes.toml"
    table = tomllib.loads(resources.files(package).joinpath("codes.toml").read_text("utf-8"))
    codes: dict[str, Entry] = {}
    for code, entry in table.items():
        if not isinstance(entry, dict) or set(entry) != {"status", "en", "ms"}:
            raise ValueError(f"{where}: [{code}] needs exactly status, en and ms")
        status, en, ms = entry["status"], entry["en"], entry["ms"]
        if not isinstance(status, int) or not 400 <= status < 600:
            raise ValueError(f"{where}: [{code}] status must be an HTTP error status")
        if not (isinstance(en, str) and isinstance(ms, str) and en.strip() and ms.strip()):
            raise ValueError(f"{where}: [{code}] needs an English and a Malay text")
        codes[code] = (status, en, ms)
    return codes


CODES = load("sihat.core")
