"""The refusal codes of governance (staff requests and approvals): HTTP status, English, Malay.

Registered with ``core.errors`` by ``sihat.bootstrap``, never by importing this module."""

from __future__ import annotations

CODES: dict[str, tuple[int, str, str]] = {
    # governance.requests
    "self_approval": (
        403,
        "You cannot approve a request you made, or one about yourself.",
        "Anda tidak boleh meluluskan permohonan yang anda buat, atau yang mengenai diri anda.",
    ),
    "approver_lacks_authority": (
        403,
        "You do not have authority over this request's scope.",
        "Anda tiada kuasa ke atas skop permohonan ini.",
    ),
    "request_expired": (
        409,
        "This request has expired; make a new one.",
        "Permohonan ini telah tamat tempoh; buat permohonan baharu.",
    ),
    "request_not_pending": (
        409,
        "This request has already been decided.",
        "Permohonan ini telah diputuskan.",
    ),
    "already_decided": (
        409,
        "You have already decided on this request.",
        "Anda telah membuat keputusan bagi permohonan ini.",
    ),
    "invalid_request": (
        422,
        "The request is incomplete or not valid: {reason}.",
        "Permohonan tidak lengkap atau tidak sah: {reason}.",
    ),
}
