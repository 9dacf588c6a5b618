"""Certificates issued and verified per second, against bare ES256 sign/verify.

Run: ``.venv/bin/python bench/certificates.py [--seconds S]``. Prints a table, then one JSON
object on the last line. "Issued" is a complete ``HC1:`` code (schema check, CWT, COSE ES256,
zlib, Base45); "verified" is the full offline check list (decode, signature, key usage,
expiry, schema, revocation). "Bare" is ``cryptography`` ECDSA P-256/SHA-256 over the same
bytes a certificate signature covers. QR PNG and PDF rendering are timed separately.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from sihat import bootstrap
from sihat.certificates import codec
from sihat.certificates.issue import issue_certificate
from sihat.certificates.keys import KeyStore
from sihat.certificates.pdf import certificate_pdf
from sihat.certificates.qr import qr_png
from sihat.certificates.schemas import DoseDescription
from sihat.certificates.settings import CertificateSettings
from sihat.certificates.trustlist import RevocationList
from sihat.certificates.verify import verify

bootstrap.boot()  # error codes, listeners, providers: as every entry point does


def rate(action: Callable[[], Any], seconds: float) -> float:
    """Calls per second, measured for about ``seconds`` after a short warm-up."""
    for _ in range(20):
        action()
    count, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for _ in range(10):
            action()
        count += 10
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0, help="per measurement")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        settings = CertificateSettings(key_dir=Path(tmp) / "keys")
        store = KeyStore(settings)
        store.init()
        signer = store.active_signer()
        trust = store.trust_list()
        revocations = RevocationList({f"{n:064x}" for n in range(10_000)})
        dose = DoseDescription(
            family_name="Abdullah",
            given_name="Siti Nurhaliza",
            dob="1985-03-02",
            vaccine="PFIZER",
            dose_number=2,
            vaccinated_on=date(2021, 8, 1),
        )
        sample = issue_certificate(dose, signer, settings)
        cose = codec.parse_cose(codec.decompress(codec.base45_decode(sample.code[4:])))
        # The exact Sig_structure a certificate signature covers.
        to_sign = cbor2.dumps(["Signature1", cose.message.phdr_encoded, b"", cose.message.payload])
        key = signer.private_key
        public = key.public_key()
        signature = key.sign(to_sign, ec.ECDSA(hashes.SHA256()))

        s = args.seconds
        figures = {
            "issued_per_s": rate(lambda: issue_certificate(dose, signer, settings), s),
            "verified_per_s": rate(lambda: verify(sample.code, trust, revocations), s),
            "bare_sign_per_s": rate(lambda: key.sign(to_sign, ec.ECDSA(hashes.SHA256())), s),
            "bare_verify_per_s": rate(
                lambda: public.verify(signature, to_sign, ec.ECDSA(hashes.SHA256())), s
            ),
            "qr_png_per_s": rate(lambda: qr_png(sample.code), s / 2),
            "pdf_per_s": rate(
                lambda: certificate_pdf(sample.code, sample.dcc, sample.expires), s / 2
            ),
        }
    figures["issue_vs_bare_sign_ratio"] = figures["issued_per_s"] / figures["bare_sign_per_s"]
    figures["verify_vs_bare_verify_ratio"] = (
        figures["verified_per_s"] / figures["bare_verify_per_s"]
    )
    figures["code_length_chars"] = len(sample.code)

    print(
        f"sihat certificates bench ({platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, {s:g} s per figure)"
    )
    print(f"{'measure':<32}{'per second':>14}")
    for name in ("issued", "verified", "bare_sign", "bare_verify", "qr_png", "pdf"):
        print(f"{name.replace('_', ' '):<32}{figures[name + '_per_s']:>14,.0f}")
    print(f"{'issue / bare sign':<32}{figures['issue_vs_bare_sign_ratio']:>14.3f}")
    print(f"{'verify / bare verify':<32}{figures['verify_vs_bare_verify_ratio']:>14.3f}")
    print(f"{'HC1 code length (chars)':<32}{figures['code_length_chars']:>14}")
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))


if __name__ == "__main__":
    main()
