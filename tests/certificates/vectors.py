"""Runs the EU dgc-testdata cases through sihat's decoder and verifier checks.

Each ``EXPECTEDRESULTS`` flag the verifier supports is recomputed from the case's own inputs
(each layer is fed the field the flag names, as the dgc-testdata README defines them) and
compared with the published expectation.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from sihat.certificates import codec, verify
from sihat.certificates.codec import DecodeError
from sihat.certificates.cosekeys import load_certificate
from sihat.certificates.qr import read_qr
from sihat.certificates.trustlist import TrustList
from sihat.core import refdata

VECTORS = refdata.path("vectors", "dgc-testdata")

FLAGS = (
    "EXPECTEDDECODE",
    "EXPECTEDUNPREFIX",
    "EXPECTEDB45DECODE",
    "EXPECTEDCOMPRESSION",
    "EXPECTEDVERIFY",
    "EXPECTEDEXPIRATIONCHECK",
    "EXPECTEDSCHEMAVALIDATION",
    "EXPECTEDPICTUREDECODE",
    "EXPECTEDKEYUSAGE",
)


class NotApplicable(Exception):
    """The case lacks the inputs this flag needs (the README says: skip the step)."""


@dataclass(frozen=True)
class Outcome:
    case: str  # e.g. "NL/2DCode/raw/006-NL-test.json"
    country: str
    flag: str
    expected: bool
    actual: bool
    detail: str = ""

    @property
    def agrees(self) -> bool:
        return self.expected == self.actual


def case_files(root: Path = VECTORS) -> list[Path]:
    """Every test case: JSON files holding ``EXPECTEDRESULTS`` in a country or common folder."""
    return sorted(p for p in root.glob("*/**/*.json") if p.is_file())


def _need(case: dict[str, Any], *fields: str) -> list[Any]:
    values = []
    for name in fields:
        holder = case.get("TESTCTX", {}) if name in ("CERTIFICATE", "VALIDATIONCLOCK") else case
        if name not in holder or holder[name] in (None, ""):
            raise NotApplicable(name)
        values.append(holder[name])
    return values


def _hex(text: str) -> bytes:
    try:
        return binascii.unhexlify(text.strip())
    except (binascii.Error, ValueError) as exc:
        raise NotApplicable(f"field is not hex: {exc}") from exc


def _cose(case: dict[str, Any]) -> bytes:
    """The COSE field; a case that gives only ``PREFIX`` (CBO1, DGC1) is decoded from it."""
    if "COSE" in case or "PREFIX" not in case:
        (cose_hex,) = _need(case, "COSE")
        return _hex(cose_hex)
    return codec.decompress(codec.base45_decode(codec.unprefix(case["PREFIX"])))


def _cwt(case: dict[str, Any]) -> codec.Cwt:
    return codec.parse_cwt(codec.parse_cose(_cose(case)).payload)


def _certificate(case: dict[str, Any]) -> x509.Certificate:
    (cert_b64,) = _need(case, "CERTIFICATE")
    return load_certificate(cert_b64.encode())


def _clock(case: dict[str, Any]) -> datetime:
    (text,) = _need(case, "VALIDATIONCLOCK")
    moment = datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _normal(value: Any) -> Any:
    """Order-insensitive form for comparing decoded CBOR with the case's JSON."""
    if isinstance(value, dict):
        return sorted((str(k), _normal(v)) for k, v in value.items())
    if isinstance(value, list):
        return sorted((_normal(v) for v in value), key=repr)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if "T" in value or " " in value:
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            return moment.astimezone(UTC).replace(microsecond=0).isoformat()
    return value


def _unprefix(case: dict[str, Any]) -> bool:
    prefixed, b45 = _need(case, "PREFIX", "BASE45")
    return codec.unprefix(prefixed) == b45


def _b45(case: dict[str, Any]) -> bool:
    b45, compressed = _need(case, "BASE45", "COMPRESSED")
    return codec.base45_decode(b45) == _hex(compressed)


def _compression(case: dict[str, Any]) -> bool:
    compressed, cose = _need(case, "COMPRESSED", "COSE")
    return codec.decompress(_hex(compressed)) == _hex(cose)


def _decode(case: dict[str, Any]) -> bool:
    cwt = _cwt(case)
    return "JSON" not in case or _normal(cwt.dcc) == _normal(case["JSON"])


def _verify(case: dict[str, Any]) -> bool:
    trust = TrustList.of([_certificate(case)])
    check, _ = verify.check_signature(codec.parse_cose(_cose(case)), trust)
    return check.ok is True


def _expiry(case: dict[str, Any]) -> bool:
    certificate, at = _certificate(case), _clock(case)
    return verify.check_expiry(_cwt(case), certificate, at).ok is True


def _schema(case: dict[str, Any]) -> bool:
    return verify.check_schema(_cwt(case).dcc).ok is True


def _picture(case: dict[str, Any]) -> bool:
    png_b64, prefixed = _need(case, "2DCODE", "PREFIX")
    return read_qr(base64.b64decode(png_b64)) == prefixed


def _key_usage(case: dict[str, Any]) -> bool:
    certificate = _certificate(case)
    return verify.check_key_usage(certificate, _cwt(case).dcc).ok is True


EVALUATORS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "EXPECTEDUNPREFIX": _unprefix,
    "EXPECTEDB45DECODE": _b45,
    "EXPECTEDCOMPRESSION": _compression,
    "EXPECTEDDECODE": _decode,
    "EXPECTEDVERIFY": _verify,
    "EXPECTEDEXPIRATIONCHECK": _expiry,
    "EXPECTEDSCHEMAVALIDATION": _schema,
    "EXPECTEDPICTUREDECODE": _picture,
    "EXPECTEDKEYUSAGE": _key_usage,
}


def run_case(path: Path, root: Path = VECTORS) -> Iterator[Outcome]:
    case = json.loads(path.read_text(encoding="utf-8"))
    expected = case.get("EXPECTEDRESULTS") if isinstance(case, dict) else None
    if not isinstance(expected, dict):
        return
    name = path.relative_to(root).as_posix()
    country = name.split("/", 1)[0]
    for flag in FLAGS:
        if not isinstance(expected.get(flag), bool):
            continue
        detail = ""
        try:
            actual = EVALUATORS[flag](case)
        except NotApplicable:
            continue
        except (DecodeError, ValueError, TypeError, KeyError) as exc:
            actual, detail = False, f"{type(exc).__name__}: {exc}"
        yield Outcome(name, country, flag, expected[flag], actual, detail)


def run_all(root: Path = VECTORS) -> list[Outcome]:
    return [outcome for path in case_files(root) for outcome in run_case(path, root)]


def agreement_table(outcomes: list[Outcome], excluded: dict[tuple[str, str], str]) -> str:
    """Markdown table: per country, cases run, flags checked, flags agreeing, excluded flags."""
    rows: dict[str, list[int]] = {}
    cases: dict[str, set[str]] = {}
    for outcome in outcomes:
        row = rows.setdefault(outcome.country, [0, 0, 0])
        cases.setdefault(outcome.country, set()).add(outcome.case)
        if (outcome.case, outcome.flag) in excluded:
            row[2] += 1
            continue
        row[0] += 1
        row[1] += outcome.agrees
    lines = [
        "| country | cases | flags checked | agree | agreement | excluded flags |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    total = [0, 0, 0, 0]
    for country in sorted(rows, key=lambda c: (c == "common", c)):
        checked, agree, skipped = rows[country]
        n_cases = len(cases[country])
        total = [total[0] + n_cases, total[1] + checked, total[2] + agree, total[3] + skipped]
        lines.append(
            f"| {country} | {n_cases} | {checked} | {agree} | {_pct(agree, checked)} | {skipped} |"
        )
    lines.append(
        f"| **all** | {total[0]} | {total[1]} | {total[2]} | "
        f"{_pct(total[2], total[1])} | {total[3]} |"
    )
    return "\n".join(lines)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


if __name__ == "__main__":  # regenerate the docs table: python -m tests.certificates.vectors
    from .exclusions import EXCLUDED

    print(agreement_table(run_all(), EXCLUDED))
