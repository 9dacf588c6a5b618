"""The refusal codes of the security domain (blocked sources): HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # security.service
    "source_blocked": (
        403,
        "Too many suspicious requests came from your address; it is blocked for a while.",
        "Terlalu banyak permintaan mencurigakan dari alamat anda; ia disekat buat sementara.",
    ),
    "invalid_source_ip": (
        422,
        "Give an IP address (IPv4 or IPv6).",
        "Berikan alamat IP (IPv4 atau IPv6).",
    ),
}
