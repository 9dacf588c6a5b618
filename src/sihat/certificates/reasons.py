"""Stable reason codes of the certificates domain, in English and Malay.

Registered with :mod:`sihat.core.errors` so an API can raise them as problems; the verifier
uses the same codes and texts for each failed check.
"""

from __future__ import annotations

REASONS: dict[str, tuple[int, str, str]] = {
    "bad_prefix": (
        422,
        "The code does not start with HC1:.",
        "Kod tidak bermula dengan HC1:.",
    ),
    "bad_qr": (
        422,
        "No readable QR code was found in the image.",
        "Tiada kod QR yang boleh dibaca dalam imej.",
    ),
    "bad_base45": (422, "The code is not valid Base45.", "Kod bukan Base45 yang sah."),
    "bad_compression": (
        422,
        "The code is not zlib-compressed data.",
        "Kod bukan data mampatan zlib.",
    ),
    "bad_cose": (
        422,
        "The code is not a COSE_Sign1 signed message.",
        "Kod bukan mesej bertandatangan COSE_Sign1.",
    ),
    "bad_cwt": (
        422,
        "The signed content is not a health certificate (CWT with hcert).",
        "Kandungan bertandatangan bukan sijil kesihatan (CWT dengan hcert).",
    ),
    "unknown_kid": (
        422,
        "The certificate was signed by a key that is not in the trust list.",
        "Sijil ditandatangani oleh kunci yang tiada dalam senarai amanah.",
    ),
    "missing_kid": (
        422,
        "The certificate does not name its signing key (kid).",
        "Sijil tidak menyatakan kunci tandatangannya (kid).",
    ),
    "unsupported_algorithm": (
        422,
        "The signature algorithm is not ES256 or PS256, or does not match the key.",
        "Algoritma tandatangan bukan ES256 atau PS256, atau tidak sepadan dengan kunci.",
    ),
    "bad_signature": (
        422,
        "The signature is not valid: the certificate was altered or signed by another key.",
        "Tandatangan tidak sah: sijil telah diubah atau ditandatangani oleh kunci lain.",
    ),
    "wrong_key_usage": (
        422,
        "The signing key may not sign this type of certificate.",
        "Kunci tandatangan tidak dibenarkan menandatangani jenis sijil ini.",
    ),
    "not_yet_valid": (
        422,
        "The certificate is not valid yet.",
        "Sijil belum sah.",
    ),
    "expired": (422, "The certificate has expired.", "Sijil telah tamat tempoh."),
    "signer_not_valid": (
        422,
        "The signing key's certificate does not cover this certificate's validity.",
        "Sijil kunci tandatangan tidak meliputi tempoh sah sijil ini.",
    ),
    "missing_dates": (
        422,
        "The certificate has no issue or expiry date.",
        "Sijil tiada tarikh keluaran atau tarikh tamat.",
    ),
    "schema_invalid": (
        422,
        "The certificate content does not follow the EU DCC schema.",
        "Kandungan sijil tidak mematuhi skema EU DCC.",
    ),
    "revoked": (422, "The certificate has been revoked.", "Sijil telah dibatalkan."),
    "unknown_vaccine": (
        422,
        "There is no EU code for this vaccine brand.",
        "Tiada kod EU untuk jenama vaksin ini.",
    ),
    "incomplete_dose": (
        422,
        "The dose description is incomplete or invalid: {reason}",
        "Maklumat dos tidak lengkap atau tidak sah: {reason}",
    ),
    "signer_must_rotate": (
        409,
        "The document signer expires before a new certificate would: rotate the keys.",
        "Penandatangan dokumen tamat sebelum sijil baharu: putarkan kunci.",
    ),
    "no_signing_key": (
        409,
        "No document-signer key exists yet: run `sihat certificate keys init`.",
        "Belum ada kunci penandatangan dokumen: jalankan `sihat certificate keys init`.",
    ),
}


def english(code: str) -> str:
    return REASONS[code][1]


def malay(code: str) -> str:
    return REASONS[code][2]
