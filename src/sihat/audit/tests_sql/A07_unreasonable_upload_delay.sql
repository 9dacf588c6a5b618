-- key: unreasonable_upload_delay
-- id: A07
-- title_ms: Tempoh muat naik rekod tidak munasabah
-- title_en: Unreasonable delay before the record was uploaded
-- requires: vaccinations
-- parameters: threshold_days (default 30)
-- definition: Rows where the Malaysia date of uploaded_at minus the Malaysia date of
--   vaccinated_at is more than threshold_days.
SELECT
    record_id,
    mysj_id,
    ppv_code,
    vaccinated_at AS vaccinated_on,
    uploaded_on,
    date_diff('day', vaccinated_at, uploaded_on) AS delay_days,
    'muat naik lewat / late upload' AS reason
FROM vaccinations
WHERE vaccinated_at IS NOT NULL
  AND uploaded_on IS NOT NULL
  AND date_diff('day', vaccinated_at, uploaded_on) > getvariable('threshold_days')
ORDER BY _row
