"""The vendors API: the same rules over HTTP, problem+json codes, nothing written on refusal."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from sihat.core import clock
from sihat.vendors.models import VendorInvoice
from tests.exports.conftest import bearer
from tests.vendors.test_payments import send_sms

BODY = {
    "contract_ref": "KKM/SMS/2021/01",
    "invoice_no": "INV-API-1",
    "invoice_date": "2021-07-01",
    "period_start": "2021-06-01",
    "period_end": "2021-06-30",
    "units": 200,
    "amount_myr": "7.00",
}


def test_payment_over_http(client, session, team, sms_contract) -> None:
    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    with clock.frozen(datetime(2021, 7, 5, 2, 0, tzinfo=UTC)):
        h = {n: bearer(session, team[n]) for n in ("finance", "payer", "hotline", "admin")}
        session.commit()
        assert (
            client.post("/api/v1/vendors/invoices", json=BODY, headers=h["hotline"]).json()["code"]
            == "forbidden"
        )
        made = client.post("/api/v1/vendors/invoices", json=BODY, headers=h["finance"])
        assert made.status_code == 201 and made.json()["status"] == "RECONCILED"
        url = f"/api/v1/vendors/invoices/{made.json()['id']}"
        assert client.get(url, headers=h["hotline"]).status_code == 404
        early = client.post(url + "/approve", headers=h["payer"])
        assert early.status_code == 409 and early.json()["code"] == "payment_not_verified"
        assert client.post(url + "/verify", headers=h["finance"]).json()["status"] == "VERIFIED"
        assert client.post(url + "/approve", headers=h["payer"]).json()["status"] == "APPROVED"
        paid = client.post(url + "/pay", json={"payment_ref": "EFT-77"}, headers=h["finance"])
        assert paid.json()["status"] == "PAID" and paid.json()["amount_myr"] == "7.00"
        usage = client.get(
            "/api/v1/vendors/usage",
            params={"service": "SMS", "first": "2021-06-01", "last": "2021-06-30"},
            headers=h["admin"],
        ).json()
        assert usage["units"] == 200
    assert session.scalar(select(func.count()).select_from(VendorInvoice)) == 1
