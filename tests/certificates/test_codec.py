"""Each layer refuses bad input with its own reason; PS256 is accepted; reference data."""

from __future__ import annotations

import json
import zlib
from datetime import timedelta
from pathlib import Path
from typing import cast

import base45
import cbor2
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from pycose.algorithms import Ps256
from pycose.headers import KID, Algorithm
from pycose.keys import CoseKey, RSAKey
from pycose.messages import Sign1Message

from sihat.certificates import codec
from sihat.certificates.cosekeys import kid_for
from sihat.certificates.keys import make_csca
from sihat.certificates.names import check_character, icao_transliterate, new_uvci, uvci_valid
from sihat.certificates.schemas import vaccine_codes
from sihat.certificates.settings import CertificateSettings
from sihat.certificates.trustlist import TrustList
from sihat.certificates.verify import verify
from sihat.core import clock, refdata

SHARED = refdata.path("vectors")
DATA = Path(__file__).resolve().parents[2] / "src" / "sihat" / "certificates" / "data"
DCC = {
    "ver": "1.3.0",
    "nam": {"fnt": "TAN", "gnt": "MEI<LING"},
    "dob": "1990",
    "v": [
        {
            "tg": "840539006",
            "vp": "1157024006",
            "mp": "CoronaVac",
            "ma": "Sinovac-Biotech",
            "dn": 1,
            "sd": 2,
            "dt": "2021-07-01",
            "co": "MY",
            "is": "Kementerian Kesihatan Malaysia",
            "ci": "URN:UVCI:01:MY:MOH/TEST#0",
        }
    ],
}


@pytest.mark.parametrize(
    ("text", "check", "code"),
    [
        ("HC2:NCF", "prefix", "bad_prefix"),
        ("NCFOXN", "prefix", "bad_prefix"),
        ("HC1:ab~", "base45", "bad_base45"),
        ("HC1:" + base45.b45encode(b"not zlib").decode(), "compression", "bad_compression"),
        ("HC1:" + base45.b45encode(zlib.compress(b"\xff\x00")).decode(), "cose", "bad_cose"),
        (
            "HC1:" + base45.b45encode(zlib.compress(cbor2.dumps([b"", {}, b"x"]))).decode(),
            "cose",
            "bad_cose",
        ),
    ],
)
def test_each_layer_refuses_with_its_reason(text: str, check: str, code: str) -> None:
    result = verify(text, TrustList())
    assert not result.valid
    assert result.checks[check].ok is False and result.checks[check].code == code
    report = result.as_json()
    assert report["checks"][check]["en"] and report["checks"][check]["ms"]
    assert report["checks"]["signature"]["ok"] is None  # later layers did not run


def test_a_cose_message_without_the_hcert_claim_is_refused() -> None:
    message = [cbor2.dumps({1: -7}), {}, cbor2.dumps({1: "MY"}), b"\x00" * 64]
    raw = cbor2.dumps(cbor2.CBORTag(18, message))
    result = verify("HC1:" + base45.b45encode(zlib.compress(raw)).decode(), TrustList())
    assert result.reasons == ["bad_cwt"]


def _rsa_signer() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "RSA DSC test")])
    now = clock.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=800))
        .sign(key, hashes.SHA256())
    )
    return key, cert


def test_ps256_is_accepted_on_verify_and_must_match_the_key_type() -> None:
    key, cert = _rsa_signer()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    now = clock.now().replace(microsecond=0)
    claims = codec.cwt_claims(DCC, issuer="MY", issued_at=now, expires=now + timedelta(days=30))

    def signed(alg: type) -> str:
        message = Sign1Message(
            phdr={Algorithm: alg, KID: kid_for(cert)},
            payload=cbor2.dumps(claims),
            key=cast(RSAKey, CoseKey.from_pem_private_key(pem.decode())),
        )
        return codec.to_text(codec.compress(message.encode()))

    trust = TrustList.of([cert])
    assert verify(signed(Ps256), trust).valid
    # PS256 claimed under the kid of a P-256 signer: refused whatever the signature bytes
    _, ec_cert = make_csca(CertificateSettings(), clock.now())
    phdr = cbor2.dumps({1: Ps256.identifier, 4: kid_for(ec_cert)})
    raw = cbor2.dumps(cbor2.CBORTag(18, [phdr, {}, cbor2.dumps(claims), b"\x01" * 256]))
    mismatch = verify(codec.to_text(codec.compress(raw)), TrustList.of([ec_cert]))
    assert mismatch.reasons == ["unsupported_algorithm"]


def test_icao_transliteration_matches_the_schema_examples() -> None:
    assert icao_transliterate("d'Červenková Panklová") == "DCERVENKOVA<PANKLOVA"
    assert icao_transliterate("Jiřina-Maria Alena") == "JIRINA<MARIA<ALENA"
    assert icao_transliterate("Musterfrau-Gößinger") == "MUSTERFRAU<GOESSINGER"
    assert icao_transliterate("Muthu a/l Rajan") == "MUTHU<A<L<RAJAN"
    assert icao_transliterate("Ahmad bin Abdullah") == "AHMAD<BIN<ABDULLAH"
    assert icao_transliterate("Петков") == "PETKOV"
    assert icao_transliterate("陈") == ""
    assert len(icao_transliterate("A " * 100)) <= 80


def test_uvci_has_a_luhn_mod_36_check_that_catches_a_changed_character() -> None:
    ci = new_uvci("MY")
    assert ci.startswith("URN:UVCI:01:MY:MOH/") and uvci_valid(ci)
    body, check = ci.split("#")
    assert check == check_character(body)
    for position in range(len("URN:UVCI:01:MY:MOH/"), len(body)):
        char = body[position]
        changed = "0" if char != "0" else "1"
        assert not uvci_valid(f"{body[:position]}{changed}{body[position + 1 :]}#{check}")
    assert new_uvci(opaque="DOSE123") != new_uvci(opaque="DOSE124")
    with pytest.raises(ValueError):
        new_uvci(opaque="lower")


def test_bundled_schema_and_value_sets_equal_the_reference_copies() -> None:
    pairs = [
        (DATA / "DCC.combined-schema.json", SHARED / "ehn-dcc-schema/DCC.combined-schema.json")
    ]
    pairs += [
        (path, SHARED / "ehn-dcc-valuesets" / path.name)
        for path in sorted((DATA / "valuesets").glob("*.json"))
    ]
    assert len(pairs) == 8
    for bundled, reference in pairs:
        assert json.loads(bundled.read_text()) == json.loads(reference.read_text()), bundled.name


def test_vaccine_mapping_follows_the_eu_encoding_instructions() -> None:
    valuesets = SHARED / "ehn-dcc-valuesets"
    instructions = json.loads((valuesets / "vaccine-encoding-instructions.json").read_text())
    by_product = {v["vaccine-code"]: v for v in instructions["valueSetValues"].values()}
    products = json.loads((valuesets / "vaccine-medicinal-product.json").read_text())
    assert set(vaccine_codes()) == {
        "PFIZER", "SINOVAC", "ASTRAZENECA", "SINOPHARM", "CANSINO", "MODERNA"
    }  # fmt: skip
    for brand, codes in vaccine_codes().items():
        rule = by_product[codes["mp"]]
        assert products["valueSetValues"][codes["mp"]]["active"], brand
        assert codes["ma"] == rule["vaccine-manufacturer"], brand
        assert codes["vp"] in rule["sct-codes"], brand
