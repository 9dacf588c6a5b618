"""Offline verification of an ``HC1:`` code: every check reported with its reason.

Checks, in order: prefix, base45, compression, cose (COSE_Sign1 + CWT structure), signature,
key_usage, expiry, schema, revocation. A layer that fails stops the layers under it (they are
reported as not run); the checks on a decoded certificate all run, so a tampered, expired and
revoked certificate shows all three reasons at once.

``valid`` is true when every check passed; revocation alone may be "not run" (no list given).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cryptography import x509

from sihat.certificates import codec, reasons
from sihat.certificates.codec import CoseSign1, Cwt, DecodeError
from sihat.certificates.cosekeys import ALGORITHMS, KID_LENGTH, algorithm_for, signature_valid
from sihat.certificates.schema import certificate_type, schema_errors
from sihat.certificates.trustlist import RevocationList, TrustedSigner, TrustList
from sihat.core import clock

CHECKS = (
    "prefix",
    "base45",
    "compression",
    "cose",
    "signature",
    "key_usage",
    "expiry",
    "schema",
    "revocation",
)
# Extended key usage OIDs of a DCC document signer (and the early, mistyped ".0." variants).
KEY_USAGE_OIDS = {
    "t": {"1.3.6.1.4.1.1847.2021.1.1", "1.3.6.1.4.1.0.1847.2021.1.1"},
    "v": {"1.3.6.1.4.1.1847.2021.1.2", "1.3.6.1.4.1.0.1847.2021.1.2"},
    "r": {"1.3.6.1.4.1.1847.2021.1.3", "1.3.6.1.4.1.0.1847.2021.1.3"},
}


@dataclass(frozen=True)
class Check:
    ok: bool | None  # None: not run
    code: str | None = None
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": self.ok}
        if self.code:
            body.update(code=self.code, en=reasons.english(self.code), ms=reasons.malay(self.code))
        if self.detail:
            body["detail"] = self.detail
        return body


PASS = Check(True)


def fail(code: str, detail: str = "") -> Check:
    return Check(False, code, detail)


def not_run(detail: str) -> Check:
    return Check(None, None, detail)


@dataclass
class Verification:
    checks: dict[str, Check] = field(default_factory=dict)
    cwt: Cwt | None = None
    kid: bytes | None = None

    @property
    def valid(self) -> bool:
        return all(
            self.checks.get(name, not_run("")).ok is True
            or (name == "revocation" and self.checks.get(name, PASS).ok is None)
            for name in CHECKS
        )

    @property
    def reasons(self) -> list[str]:
        return [c.code for c in self.checks.values() if c.ok is False and c.code]

    def as_json(self) -> dict[str, Any]:
        payload = None
        if self.cwt is not None:
            payload = {
                "iss": self.cwt.issuer,
                "iat": _iso(self.cwt.issued_at),
                "exp": _iso(self.cwt.expires),
                "hcert": self.cwt.dcc,
            }
        return {
            "valid": self.valid,
            "reasons": self.reasons,
            "kid": self.kid.hex() if self.kid else None,
            "checks": {
                n: self.checks.get(n, not_run("earlier check failed")).as_json() for n in CHECKS
            },
            "payload": payload,
        }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


# ---------------------------------------------------------------- single checks


def check_signature(cose: CoseSign1, trust: TrustList) -> tuple[Check, TrustedSigner | None]:
    if cose.kid is None:
        return fail("missing_kid"), None
    if len(cose.kid) != KID_LENGTH:
        return fail("unknown_kid", f"kid is {len(cose.kid)} bytes, not {KID_LENGTH}"), None
    signer = trust.get(cose.kid)
    if signer is None:
        return fail("unknown_kid", f"kid {cose.kid.hex()} is not in the trust list"), None
    if cose.alg not in ALGORITHMS:
        return fail("unsupported_algorithm", f"alg {cose.alg}"), signer
    try:
        key_alg = algorithm_for(signer.certificate)
    except ValueError as exc:
        return fail("unsupported_algorithm", str(exc)), signer
    if key_alg != cose.alg:
        return fail("unsupported_algorithm", f"alg {cose.alg} with a key for {key_alg}"), signer
    if not signature_valid(signer.certificate, cose.to_be_signed, cose.signature):
        return fail("bad_signature"), signer
    return PASS, signer


def check_key_usage(certificate: x509.Certificate, dcc: dict[str, Any]) -> Check:
    """A signer without an extended-key-usage extension may sign every type; with one, it may
    sign only the types whose OIDs it lists (RFC 5280: EKU restricts the key's purposes)."""
    kind = certificate_type(dcc)
    if kind is None:
        return fail("schema_invalid", "exactly one of v, t, r is required")
    try:
        eku = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return PASS
    except ValueError as exc:  # extensions that are not valid DER
        return fail("wrong_key_usage", f"signer certificate extensions unreadable: {exc}")
    oids = {oid.dotted_string for oid in eku}
    if oids & KEY_USAGE_OIDS[kind]:
        return PASS
    return fail("wrong_key_usage", f"signer may not sign type {kind!r}")


def check_expiry(cwt: Cwt, signer: x509.Certificate | None, at: datetime) -> Check:
    """``iat <= at <= exp``; the signer was valid when it signed and is still valid at ``at``.

    (That ``exp`` does not outlive the signer is the issuer's duty: see ``keys``.)
    """
    iat, exp = cwt.issued_at, cwt.expires
    if iat is None or exp is None:
        return fail("missing_dates")
    if at < iat:
        return fail("not_yet_valid", f"issued at {_iso(iat)}")
    if at > exp:
        return fail("expired", f"expired at {_iso(exp)}")
    if signer is not None:
        start, end = signer.not_valid_before_utc, signer.not_valid_after_utc
        if not (start <= iat <= end):
            return fail("signer_not_valid", f"signed at {_iso(iat)}, outside the signer's validity")
        if at > end:
            return fail("signer_not_valid", f"signer expired at {_iso(end)}")
    return PASS


def check_schema(dcc: dict[str, Any]) -> Check:
    problems = schema_errors(dcc)
    return fail("schema_invalid", "; ".join(problems[:5])) if problems else PASS


def certificate_id(dcc: dict[str, Any]) -> str | None:
    kind = certificate_type(dcc)
    entries = dcc.get(kind) if kind else None
    if isinstance(entries, list) and entries and isinstance(entries[0], dict):
        ci = entries[0].get("ci")
        return ci if isinstance(ci, str) else None
    return None


def check_revocation(dcc: dict[str, Any], revocations: RevocationList | None) -> Check:
    if revocations is None:
        return not_run("no revocation list given")
    ci = certificate_id(dcc)
    if ci is None:
        return fail("schema_invalid", "no certificate identifier (ci)")
    return fail("revoked", ci) if revocations.is_revoked(ci) else PASS


# ---------------------------------------------------------------- whole chain


def verify_cose(
    data: bytes,
    trust: TrustList,
    revocations: RevocationList | None = None,
    at: datetime | None = None,
    result: Verification | None = None,
) -> Verification:
    result = result or Verification()
    at = clock.as_utc(at) if at else clock.now()
    try:
        cose = codec.parse_cose(data)
        result.kid = cose.kid
        cwt = codec.parse_cwt(cose.payload)
    except DecodeError as exc:
        result.checks["cose"] = fail(exc.code, exc.detail)
        return result
    result.cwt = cwt
    result.checks["cose"] = PASS
    signature, signer = check_signature(cose, trust)
    result.checks["signature"] = signature
    cert = signer.certificate if signer else None
    result.checks["key_usage"] = (
        check_key_usage(cert, cwt.dcc) if cert else not_run("signer unknown")
    )
    result.checks["expiry"] = check_expiry(cwt, cert, at)
    result.checks["schema"] = check_schema(cwt.dcc)
    result.checks["revocation"] = check_revocation(cwt.dcc, revocations)
    return result


def verify(
    text: str,
    trust: TrustList,
    revocations: RevocationList | None = None,
    at: datetime | None = None,
) -> Verification:
    result = Verification()
    steps = (
        ("prefix", codec.unprefix),
        ("base45", codec.base45_decode),
        ("compression", codec.decompress),
    )
    value: Any = text
    for name, step in steps:
        try:
            value = step(value)
        except DecodeError as exc:
            result.checks[name] = fail(exc.code, exc.detail)
            return result
        result.checks[name] = PASS
    return verify_cose(value, trust, revocations, at, result)
