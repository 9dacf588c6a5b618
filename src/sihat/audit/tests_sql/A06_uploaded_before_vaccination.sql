-- key: uploaded_before_vaccination
-- id: A06
-- title_ms: Rekod dimuat naik lebih awal daripada tarikh divaksin
-- title_en: Records uploaded before the vaccination date
-- requires: vaccinations
-- parameters: (none)
-- definition: Rows with both times where the Malaysia date of uploaded_at is before the
--   Malaysia date of vaccinated_at.
SELECT
    record_id,
    mysj_id,
    ppv_code,
    vaccinated_at AS vaccinated_on,
    uploaded_on,
    'dimuat naik sebelum tarikh divaksin / uploaded before the vaccination date' AS reason
FROM vaccinations
WHERE vaccinated_at IS NOT NULL
  AND uploaded_on IS NOT NULL
  AND uploaded_on < vaccinated_at
ORDER BY _row
