"""Issue -> verify round trips, and every refusal with its reason."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import base45
import cbor2
import pytest

from sihat.certificates import codec, service
from sihat.certificates.cosekeys import SigningKey
from sihat.certificates.issue import issue_certificate
from sihat.certificates.keys import KeyStore, make_csca, make_signer
from sihat.certificates.qr import read_qr
from sihat.certificates.schema import schema_errors
from sihat.certificates.schemas import DoseDescription, vaccine_codes
from sihat.certificates.settings import CertificateSettings
from sihat.certificates.trustlist import RevocationList, TrustList
from sihat.certificates.verify import CHECKS, verify
from sihat.core import clock
from sihat.core.errors import Problem

T0 = datetime(2021, 9, 1, 8, 0, tzinfo=UTC)
Dose = Callable[..., DoseDescription]


def _issue(store: KeyStore, dose: DoseDescription) -> service.IssuedCertificate:
    return service.issue_for_dose(dose, store=store)


def test_round_trip_reports_every_check_and_the_payload(store: KeyStore, make_dose: Dose) -> None:
    issued = _issue(store, make_dose(given_name="Łucja Ñúñez", family_name="d'Ørsted-Gößinger"))
    result = verify(issued.code, store.trust_list(), RevocationList())
    report = result.as_json()
    assert result.valid and report["valid"] is True and report["reasons"] == []
    assert {name: check["ok"] for name, check in report["checks"].items()} == dict.fromkeys(
        CHECKS, True
    )
    hcert = report["payload"]["hcert"]
    assert hcert == issued.dcc
    assert hcert["nam"]["fnt"] == "DOERSTED<GOESSINGER" and hcert["nam"]["gnt"] == "LUCJA<NUNEZ"
    entry = hcert["v"][0]
    assert (entry["dn"], entry["sd"], entry["co"], entry["tg"]) == (2, 2, "MY", "840539006")
    assert report["payload"]["iss"] == "MY" and report["kid"] == issued.kid.hex()
    assert issued.expires - issued.issued_at == timedelta(days=365)


def test_round_trip_through_the_qr_png(store: KeyStore, make_dose: Dose) -> None:
    issued = _issue(store, make_dose())
    png = service.holder_files(issued)["qr.png"]
    assert png.startswith(b"\x89PNG")
    assert read_qr(png) == issued.code
    assert service.verify_qr_image(png, store.trust_list()).valid


def test_the_wire_format_is_hc1_base45_zlib_cose_cwt(store: KeyStore, make_dose: Dose) -> None:
    issued = _issue(store, make_dose())
    assert issued.code.startswith("HC1:")
    cose = cbor2.loads(zlib.decompress(base45.b45decode(issued.code[4:])))
    assert cose.tag == 18
    protected = cbor2.loads(cose.value[0])
    assert protected == {1: -7, 4: issued.kid}  # ES256, kid in the protected header
    claims = cbor2.loads(cose.value[2])
    assert claims[1] == "MY" and claims[4] - claims[6] == 365 * 86400
    assert claims[-260][1]["v"][0]["ci"] == issued.ci
    assert len(cose.value[3]) == 64  # raw r||s


@pytest.mark.parametrize("brand", sorted(vaccine_codes()))
def test_every_brand_issues_a_schema_valid_certificate(
    brand: str, store: KeyStore, make_dose: Dose
) -> None:
    issued = _issue(store, make_dose(vaccine=brand.lower(), dose_number=1))
    assert schema_errors(issued.dcc, strict=True) == []
    _, cwt = codec.decode(issued.code)
    assert schema_errors(cwt.dcc, strict=True) == []
    entry = cwt.dcc["v"][0]
    assert (entry["mp"], entry["ma"], entry["vp"]) == tuple(
        vaccine_codes()[brand][k] for k in ("mp", "ma", "vp")
    )


def test_a_booster_beyond_the_series_is_encoded_n_of_n(store: KeyStore, make_dose: Dose) -> None:
    entry = _issue(store, make_dose(dose_number=3)).dcc["v"][0]
    assert (entry["dn"], entry["sd"]) == (3, 3)


def _tamper(code: str) -> str:
    cose = cbor2.loads(zlib.decompress(base45.b45decode(code[4:])))
    claims = cbor2.loads(cose.value[2])
    dcc = dict(claims[-260][1])
    dcc["dob"] = "1950-01-01"
    claims = dict(claims)
    claims[-260] = {1: dcc}
    message = [cose.value[0], dict(cose.value[1]), cbor2.dumps(claims), cose.value[3]]
    raw = cbor2.dumps(cbor2.CBORTag(18, message))
    return "HC1:" + base45.b45encode(zlib.compress(raw)).decode()


def test_a_tampered_payload_is_refused(store: KeyStore, make_dose: Dose) -> None:
    forged = _tamper(_issue(store, make_dose()).code)
    result = verify(forged, store.trust_list())
    assert not result.valid
    assert result.reasons == ["bad_signature"]
    assert result.cwt is not None and result.cwt.dcc["dob"] == "1950-01-01"


def test_a_certificate_signed_by_another_key_under_the_same_kid_is_refused(
    store: KeyStore, settings: CertificateSettings, make_dose: Dose
) -> None:
    csca_key, csca = make_csca(settings, clock.now())
    key, cert = make_signer(settings, csca_key, csca, clock.now())
    impostor = SigningKey(key, cert)
    genuine = store.active_signer()
    object.__setattr__(impostor, "kid", genuine.kid)  # claims to be the genuine signer
    forged = issue_certificate(make_dose(), impostor, settings)
    result = verify(forged.code, store.trust_list())
    assert not result.valid and result.reasons == ["bad_signature"]


def test_an_unknown_kid_is_refused(
    store: KeyStore, settings: CertificateSettings, make_dose: Dose
) -> None:
    csca_key, csca = make_csca(settings, clock.now())
    key, cert = make_signer(settings, csca_key, csca, clock.now())
    stranger = issue_certificate(make_dose(), SigningKey(key, cert), settings)
    result = verify(stranger.code, store.trust_list())
    assert not result.valid and result.reasons == ["unknown_kid"]
    assert result.checks["key_usage"].ok is None  # nothing to check it against
    assert verify(stranger.code, TrustList.of([cert])).valid


def test_expiry_and_not_yet_valid(settings: CertificateSettings, make_dose: Dose) -> None:
    store = KeyStore(settings)
    with clock.frozen(T0):
        store.init()
        issued = _issue(store, make_dose())
    trust = store.trust_list(at=T0)
    assert verify(issued.code, trust, at=T0 + timedelta(days=364)).valid
    expired = verify(issued.code, trust, at=T0 + timedelta(days=366))
    assert not expired.valid and expired.reasons == ["expired"]
    early = verify(issued.code, trust, at=T0 - timedelta(hours=1))
    assert early.reasons == ["not_yet_valid"]
    with clock.frozen(T0 + timedelta(days=400)):
        assert verify(issued.code, trust).reasons == ["expired"]


def test_a_certificate_dated_outside_its_signers_validity_is_refused(
    store: KeyStore, make_dose: Dose
) -> None:
    """Keys made today cannot have signed in 2021: a back-dated certificate is refused."""
    with clock.frozen(T0):
        backdated = _issue(store, make_dose())
    result = verify(backdated.code, store.trust_list(), at=T0 + timedelta(days=1))
    assert result.reasons == ["signer_not_valid"]


def test_a_revoked_certificate_is_refused_and_the_list_holds_only_hashes(
    store: KeyStore, make_dose: Dose
) -> None:
    issued = _issue(store, make_dose())
    revocations = RevocationList()
    digest = service.revoke(issued.ci, revocations)
    document = revocations.as_json()
    assert issued.ci not in str(document) and document["revoked"] == [digest]
    published = RevocationList.from_json(document)
    result = verify(issued.code, store.trust_list(), published)
    assert not result.valid and result.reasons == ["revoked"]
    other = _issue(store, make_dose(dose_number=1))
    assert verify(other.code, store.trust_list(), published).valid


def test_an_amended_dose_revokes_the_old_certificate_and_issues_a_new_one(
    store: KeyStore, make_dose: Dose
) -> None:
    old = _issue(store, make_dose())
    revocations = RevocationList()
    new = service.reissue_for_amended_dose(
        old.ci, make_dose(dose_number=1), revocations, store=store
    )
    assert new.ci != old.ci
    assert verify(old.code, store.trust_list(), revocations).reasons == ["revoked"]
    assert verify(new.code, store.trust_list(), revocations).valid


def test_rotation_keeps_old_certificates_verifiable(store: KeyStore, make_dose: Dose) -> None:
    before = _issue(store, make_dose())
    new_kid = store.rotate()
    after = _issue(store, make_dose())
    assert after.kid.hex() == new_kid != before.kid.hex()
    trust = store.trust_list()
    assert len(trust.signers) == 2
    assert verify(before.code, trust).valid and verify(after.code, trust).valid
    published = TrustList.from_json(store.trust_list().as_json("MY"))
    assert verify(before.code, published).valid
    # a verifier that only knows the old signer refuses the new certificate
    only_old = TrustList.of([store.signer_certificate(before.kid.hex())])
    assert verify(after.code, only_old).reasons == ["unknown_kid"]


def test_incomplete_or_impossible_doses_are_refused_before_signing(make_dose: Dose) -> None:
    with pytest.raises(ValueError, match="unknown vaccine"):
        make_dose(vaccine="SPUTNIK")
    with pytest.raises(ValueError, match="family name or a given name"):
        make_dose(family_name="", given_name="")
    with pytest.raises(ValueError, match="dob is after"):
        make_dose(dob="2022-01-01")
    with pytest.raises(ValueError, match="future"):
        make_dose(vaccinated_on=clock.today_my() + timedelta(days=1))


def test_a_bad_ci_and_an_expiring_signer_are_refused(
    store: KeyStore, settings: CertificateSettings, make_dose: Dose
) -> None:
    signer = store.active_signer()
    with pytest.raises(Problem) as bad_ci:
        issue_certificate(make_dose(ci="URN:UVCI:01:MY:MOH/ABC#0"), signer, settings)
    assert bad_ci.value.code == "incomplete_dose" and bad_ci.value.field == "ci"
    late = signer.certificate.not_valid_after_utc - timedelta(days=300)
    with clock.frozen(late), pytest.raises(Problem) as rotate:
        issue_certificate(make_dose(), signer, settings)
    assert rotate.value.code == "signer_must_rotate"
