"""What the holder gets: a QR at error-correction level Q and a bilingual PDF."""

from __future__ import annotations

from collections.abc import Callable

import segno

from sihat.certificates import service
from sihat.certificates.keys import KeyStore
from sihat.certificates.pdf import TITLE_EN, TITLE_MS, rows
from sihat.certificates.qr import qr_error_level, read_qr
from sihat.certificates.schemas import DoseDescription

Dose = Callable[..., DoseDescription]


def test_qr_uses_error_correction_q_and_alphanumeric_mode(store: KeyStore, make_dose: Dose) -> None:
    issued = service.issue_for_dose(make_dose(), store=store)
    assert qr_error_level(issued.code) == "Q"
    assert segno.make_qr(issued.code, error="Q", boost_error=False).mode == "alphanumeric"
    assert read_qr(service.holder_files(issued)["qr.png"]) == issued.code


def test_pdf_is_one_bilingual_page_with_the_certificate_details(
    store: KeyStore, make_dose: Dose
) -> None:
    issued = service.issue_for_dose(make_dose(vaccine="SINOVAC", dose_number=1), store=store)
    pdf = service.holder_files(issued)["certificate.pdf"]
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Type /Page\n") == 1
    for text in (TITLE_MS, TITLE_EN, "Tarikh vaksinasi", "Date of vaccination", "Sah sehingga"):
        assert text.encode() in pdf, text
    assert issued.ci.encode() in pdf and b"CoronaVac \\(Sinovac\\)" in pdf
    assert b"/Subtype /Image" in pdf  # the QR code


def test_pdf_rows_use_value_set_names(store: KeyStore, make_dose: Dose) -> None:
    issued = service.issue_for_dose(make_dose(vaccine="ASTRAZENECA"), store=store)
    table = {en: value for _, en, value in rows(issued.dcc, issued.expires)}
    assert table["Disease targeted"] == "COVID-19"
    assert table["Marketing authorisation holder"] == "AstraZeneca AB"
    assert table["Vaccine type"] == "COVID-19 non-replicating viral vector vaccine"
    assert table["Country of vaccination"] == "Malaysia (MY)"
    assert table["Dose"] == "2 / 2"
