"""The order pages in headless Chromium: an officer issues a home surveillance order to a
close contact and sees the enforcement alert of their check-in; an officer of another
district sees nothing of it; the person sees the order on the MyRisk card and prints the
signed order; the public verify page accepts it and refuses a tampered copy. Screenshots at
390 and 1280 px under /tmp/orders-*.png."""

from __future__ import annotations

from sqlalchemy import select

from sihat.core import clock
from sihat.orders import jobs
from sihat.orders.models import Order
from sihat.risk import service as risk
from tests import factories
from tests.cases.conftest import premise, visit
from tests.cases.test_pages import staff_login
from tests.orders.conftest import make_world

SHOTS = "/tmp/orders-{name}-{width}-{backend}.png"


def shoot(page, name: str, backend: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS.format(name=name, width=width, backend=backend), full_page=True)


def test_officer_issues_person_prints_employer_verifies(page, live, browser, backend) -> None:
    with live.database.unit_of_work() as s:
        world = make_world(s)
        case_no, contact_id = world.case.case_no, world.contact.id
        contact_name = world.contact.full_name
        phone = world.contact_account.phone
        shop = premise(s, factories.sign_up(s), "Kedai Dobi Bersih")

    staff_login(page, world.crew["health_petaling"])
    page.goto(f"/staff/orders?lang=en&case_no={case_no}")
    row = page.locator(f"#people tr[data-person='{contact_id}']")
    assert "Close contact" in row.inner_text()
    row.locator("button.issue").click()
    page.wait_for_selector("#current")
    assert contact_name in page.locator("#current").inner_text()
    # Twice is refused in both languages, the page still shows the orders.
    with live.database.unit_of_work() as s:
        order = s.scalar(select(Order).where(Order.person_id == contact_id))
        assert order is not None
        order_no, order_id, signed = order.order_no, order.id, order.document
        visit(s, shop, contact_id, clock.now(), person_id=contact_id)
    jobs.enforce(live.database)
    jobs.enforce(live.database)
    page.goto("/staff/orders?lang=en")
    alerts = page.locator("#alerts tr.alert")
    assert alerts.count() == 1
    assert "Kedai Dobi Bersih" in alerts.first.inner_text()
    text = page.locator("main, body").first.inner_text()
    for raw in ("HSO\n", "ACTIVE", "HOME_SURVEILLANCE_ORDER", world.contact.id_number):
        assert raw not in text
    shoot(page, "officer", backend)

    # Another district's officer: nothing listed, and releasing it is "not found".
    other = browser.new_context(base_url=live.url)
    klang = other.new_page()
    staff_login(klang, world.crew["health_klang"])
    klang.goto("/staff/orders?lang=en")
    assert order_no not in klang.content() and contact_name not in klang.content()
    answer = klang.request.post(f"{live.url}/staff/orders/{order_id}/release")
    assert answer.status == 404
    other.close()

    # The person: MyRisk card red with the order, then the printable signed order.
    person = browser.new_context(base_url=live.url)
    me = person.new_page()
    me.goto("/login")
    me.fill("#phone", phone)
    me.fill("#password", factories.PASSWORD)
    me.click("button[type=submit]")
    me.wait_for_url(lambda url: url.endswith("/"))
    me.goto("/risk?lang=en")
    card = me.locator("article.risk[data-self=true]")
    assert card.get_attribute("data-colour") == "red"
    assert card.locator(".status-label").inner_text() == "Home surveillance order"
    card.locator(".order-link a").click()
    me.wait_for_url("**/orders/mine")
    doc = me.locator(f"article.order-doc[data-order='{order_no}']")
    assert "Home Surveillance Order" in doc.inner_text()
    assert doc.locator(".qr svg").count() == 1
    shoot(me, "mine", backend)
    me.goto("/risk?lang=ms")
    assert me.locator(".status-label").first.inner_text() == "Perintah pengawasan di rumah"
    person.close()

    # The employer, with the text from the QR code.
    page.goto("/orders/verify?lang=en")
    page.fill("#document", signed)
    page.click("#verify button")
    result = page.wait_for_selector("#result")
    assert result.get_attribute("data-valid") == "true"
    assert order_no in page.locator("#order").inner_text()
    shoot(page, "verify", backend)
    head, _, signature = signed.rpartition(".")
    page.fill("#document", f"{head}.{signature[::-1]}")
    page.click("#verify button")
    refused = page.wait_for_selector("#result")
    assert refused.get_attribute("data-valid") == "false"
    assert refused.get_attribute("data-reason") == "bad_signature"
    assert "altered or forged" in refused.inner_text() and "diubah" in refused.inner_text()
    shoot(page, "verify-refused", backend)

    # The officer releases: a release order is listed, the person is no longer red.
    page.goto("/staff/orders?lang=en")
    page.locator(f"#current tr[data-order='{order_no}'] button.release").click()
    page.wait_for_selector("#releases")
    assert "No current orders." in page.locator("main, body").first.inner_text()
    with live.database.unit_of_work() as s:
        assert risk.current(s, contact_id).status == "LOW_RISK"
