"""How many billable SMS segments a text is (3GPP TS 23.038): GSM-7 when every character is
in the GSM default alphabet (its extension table's characters count twice), 160 characters
in one SMS or 153 a segment when concatenated; otherwise UCS-2, 70 or 67 a segment (counted
in UTF-16 code units). Plain Malay fits GSM-7."""

from __future__ import annotations

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def encoding(text: str) -> str:
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        return "GSM-7"
    return "UCS-2"


def count(text: str) -> int:
    """Billable segments of ``text`` (an empty text is still one SMS)."""
    if encoding(text) == "GSM-7":
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part = 160, 153
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    if units <= single:
        return 1
    return -(-units // part)
