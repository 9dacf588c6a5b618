"""The verification page and the holder's page in headless Chromium: a QR image uploaded,
a pasted code that was tampered with, and the holder's QR shown after signing in."""

from __future__ import annotations

from datetime import timedelta

from sihat.certificates.qr import qr_png
from tests import factories
from tests.certificates.wiring.conftest import certificate_of, give_dose, holder
from tests.vaccination.conftest import build_world


def test_verify_a_qr_image_and_a_tampered_code_then_see_mine(page, live, moved, tmp_path) -> None:
    with live.database.unit_of_work() as s:
        world = build_world(s)
        moved(timedelta(days=60))
        h = holder(s)
        certificate = certificate_of(s, give_dose(s, world, h.account.person_id))
        code, ci = certificate.code, certificate.ci
    image = tmp_path / "certificate.png"
    image.write_bytes(qr_png(code))

    page.goto("/certificates/verify?lang=en")
    page.set_input_files("#image", str(image))
    page.click("#verify-form button[type=submit]")
    verdict = page.wait_for_selector("#verdict")
    assert verdict.get_attribute("data-valid") == "true"
    assert "Certificate VALID" in verdict.inner_text() and "Sijil SAH" in verdict.inner_text()
    assert ci in page.inner_text("#holder")
    assert page.get_attribute("tr[data-check=signature]", "data-ok") == "True"

    page.goto("/certificates/verify")  # Malay first
    tampered = code[:-8] + ("A" if code[-8] != "A" else "B") + code[-7:]
    page.fill("#code", tampered)
    page.click("#verify-form button[type=submit]")
    page.wait_for_selector("#verdict[data-valid=false]")
    assert "Sijil TIDAK SAH" in page.inner_text("#verdict")
    assert page.inner_text("#checks")  # each check with its reason in both languages

    page.goto("/login?lang=en")
    page.fill("#phone", h.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button")
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/certificates/mine")
    card = page.wait_for_selector(f"article[data-ci='{ci}']")
    qr = card.query_selector("img")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr)
    assert card.query_selector("a.pdf") is not None
