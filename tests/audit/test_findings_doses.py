"""Dose-record findings (A02-A07) on small hand-made extracts, with their edge cases."""

from __future__ import annotations

from typing import Any

from tests.audit.conftest import dose, exceptions

# P1: one period, closed. P2: reopened after a gap, still open. P3: always open.
# P4: reopened then closed again.
PPV = [
    {"ppv_code": "P1", "opened_on": "2021-03-01", "closed_on": "2021-06-30"},
    {"ppv_code": "P2", "opened_on": "2021-03-01", "closed_on": "2021-04-30"},
    {"ppv_code": "P2", "opened_on": "2021-06-01", "closed_on": ""},
    {"ppv_code": "P3", "opened_on": "2021-03-01", "closed_on": ""},
    {"ppv_code": "P4", "opened_on": "2021-03-01", "closed_on": "2021-04-30"},
    {"ppv_code": "P4", "opened_on": "2021-06-01", "closed_on": "2021-07-31"},
]


def _on(record_id: str, ppv: str, day: str) -> dict[str, Any]:
    return dose(record_id, ppv_code=ppv, vaccinated_at=day, uploaded_at=f"{day}T09:00")


def _ids(summary: dict[str, Any], key: str) -> set[str]:
    return {row["record_id"] for row in exceptions(summary, key)}


def test_incomplete_records_by_field(audit: Any) -> None:
    doses = [
        dose("OK"),
        dose("B1", batch_no=""),
        dose("B2", batch_no="", vaccinator_id="  "),
        dose("B3", id_type="", id_number=""),
        dose("B4", vaccine_brand="NOT_A_BRAND"),  # unparseable counts as missing
        dose("B5", uploaded_at=""),
    ]
    summary = audit({"vaccinations": doses})
    result = summary["findings"]["incomplete_vaccination_records"]
    assert result["records"] == 5
    assert result["by_field"] == {
        "batch_no": 2,
        "vaccinator_id": 1,
        "id_type": 1,
        "id_number": 1,
        "vaccine_brand": 1,
        "uploaded_at": 1,
    }
    rows = {r["record_id"]: r for r in exceptions(summary, "incomplete_vaccination_records")}
    assert set(rows) == {"B1", "B2", "B3", "B4", "B5"}
    assert rows["B2"]["missing_fields"] == "batch_no;vaccinator_id"
    assert rows["B1"]["reason"]


def test_after_closing_and_outside_periods(audit: Any) -> None:
    doses = [
        dose("P1_OPEN_DAY", ppv_code="P1", vaccinated_at="2021-03-01"),
        dose("P1_CLOSE_DAY", ppv_code="P1", vaccinated_at="2021-06-30"),
        _on("P1_AFTER", "P1", "2021-07-01"),
        dose(
            "P1_BEFORE", ppv_code="P1", vaccinated_at="2021-02-28", uploaded_at="2021-03-01T09:00"
        ),
        _on("P2_GAP", "P2", "2021-05-15"),
        dose(
            "P2_REOPEN_DAY",
            ppv_code="P2",
            vaccinated_at="2021-06-01",
            uploaded_at="2021-06-02T09:00",
        ),
        _on("P2_LATER", "P2", "2022-03-01"),
        _on("P3_ANY", "P3", "2022-01-01"),
        _on("P4_GAP", "P4", "2021-05-31"),
        dose(
            "P4_SECOND", ppv_code="P4", vaccinated_at="2021-07-31", uploaded_at="2021-07-31T09:00"
        ),
        _on("P4_AFTER", "P4", "2021-08-01"),
        dose("NO_DATE", ppv_code="P1", vaccinated_at=""),
        dose("UNKNOWN", ppv_code="P9", vaccinated_at="2021-08-01"),
        dose("NO_PPV", ppv_code="", vaccinated_at="2021-08-01"),
    ]
    summary = audit({"vaccinations": doses, "ppv": PPV})
    assert _ids(summary, "vaccinated_after_ppv_closed") == {"P1_AFTER", "P4_AFTER"}
    assert _ids(summary, "vaccinated_outside_ppv_period") == {"P1_BEFORE", "P2_GAP", "P4_GAP"}
    assert _ids(summary, "unknown_ppv") == {"UNKNOWN"}
    findings = summary["findings"]
    assert findings["vaccinated_after_ppv_closed"] == {"records": 2}
    assert findings["vaccinated_outside_ppv_period"] == {"records": 3}
    assert findings["unknown_ppv"] == {"records": 1}


def test_vaccination_timestamp_uses_malaysia_date_against_periods(audit: Any) -> None:
    doses = [
        # 2021-06-30T16:30Z is 00:30 on 1 July in Malaysia: after P1 closed.
        dose("AFTER_TZ", ppv_code="P1", vaccinated_at="2021-06-30T16:30:00Z",
             uploaded_at="2021-07-01T10:00:00+08:00"),
        # 2021-06-30T15:59Z is 23:59 on 30 June in Malaysia: the last open day.
        dose("LAST_DAY_TZ", ppv_code="P1", vaccinated_at="2021-06-30T15:59:00Z",
             uploaded_at="2021-07-01T10:00:00+08:00"),
    ]  # fmt: skip
    summary = audit({"vaccinations": doses, "ppv": PPV})
    assert _ids(summary, "vaccinated_after_ppv_closed") == {"AFTER_TZ"}


def test_uploaded_before_vaccination_uses_malaysia_dates(audit: Any) -> None:
    doses = [
        dose("EARLY", vaccinated_at="2021-08-10", uploaded_at="2021-08-09T12:00:00+08:00"),
        # 23:59 Malaysia the day before, written in UTC: early.
        dose("EARLY_TZ", vaccinated_at="2021-08-10", uploaded_at="2021-08-09T15:59:00Z"),
        # UTC date is the 9th, but it is 00:30 on the 10th in Malaysia: same day, fine.
        dose("SAME_DAY_TZ", vaccinated_at="2021-08-10", uploaded_at="2021-08-09T16:30:00Z"),
        # Same day, upload clock time before the vaccination time: dates compare, fine.
        dose("SAME_DAY", vaccinated_at="2021-08-10T15:00:00+08:00",
             uploaded_at="2021-08-10T09:00:00+08:00"),
        dose("NO_UPLOAD", vaccinated_at="2021-08-10", uploaded_at=""),
    ]  # fmt: skip
    summary = audit({"vaccinations": doses})
    assert _ids(summary, "uploaded_before_vaccination") == {"EARLY", "EARLY_TZ"}
    assert summary["findings"]["uploaded_before_vaccination"] == {"records": 2}


def test_unreasonable_delay_boundary_and_parameter(audit: Any) -> None:
    doses = [
        dose("D30", vaccinated_at="2021-08-01", uploaded_at="2021-08-31T23:59:00+08:00"),
        dose("D31", vaccinated_at="2021-08-01", uploaded_at="2021-09-01T00:00:00+08:00"),
        # Vaccinated 00:30 Malaysia (UTC: 31 July): 30 Malaysia days, not 31.
        dose("D30_TZ", vaccinated_at="2021-08-01T00:30:00+08:00",
             uploaded_at="2021-08-31T10:00:00+08:00"),
        # 16:30 UTC on 31 Aug is 1 Sep in Malaysia: 31 days.
        dose("D31_TZ", vaccinated_at="2021-08-01", uploaded_at="2021-08-31T16:30:00Z"),
        dose("D200", vaccinated_at="2021-01-01", uploaded_at="2021-07-20T10:00:00"),
    ]  # fmt: skip
    summary = audit({"vaccinations": doses})
    assert _ids(summary, "unreasonable_upload_delay") == {"D31", "D31_TZ", "D200"}
    assert summary["findings"]["unreasonable_upload_delay"] == {"records": 3, "threshold_days": 30}
    rows = {r["record_id"]: r for r in exceptions(summary, "unreasonable_upload_delay")}
    assert rows["D31"]["delay_days"] == "31"
    strict = audit({"vaccinations": doses}, threshold_days=29)
    assert strict["findings"]["unreasonable_upload_delay"]["records"] == 5
    assert strict["run"]["parameters"]["threshold_days"] == 29


def test_clean_extract_exits_zero(audit: Any) -> None:
    doses = [
        dose("V1", ppv_code="P3"),
        dose("V2", ppv_code="P2", vaccinated_at="2021-06-01", uploaded_at="2021-06-01T18:00"),
    ]
    summary = audit({"vaccinations": doses, "ppv": PPV})
    assert summary["_exit"] == 0
    assert summary["run"]["result"] == "clear"
    for key in ("vaccinated_after_ppv_closed", "vaccinated_outside_ppv_period", "unknown_ppv",
                "uploaded_before_vaccination", "unreasonable_upload_delay"):  # fmt: skip
        assert summary["findings"][key]["records"] == 0
