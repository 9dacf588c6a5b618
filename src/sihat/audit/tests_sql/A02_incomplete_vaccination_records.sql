-- key: incomplete_vaccination_records
-- id: A02
-- title_ms: Rekod vaksinasi tidak lengkap
-- title_en: Incomplete vaccination records
-- requires: vaccinations
-- parameters: (none)
-- definition: Rows of vaccinations.csv missing any of the nine mandatory values (id_type,
--   id_number, dose_number, vaccine_brand, batch_no, ppv_code, vaccinator_id, vaccinated_at,
--   uploaded_at). A value that does not parse counts as missing. missing_fields lists them.
SELECT
    record_id,
    mysj_id,
    id_type,
    id_number,
    concat_ws(';',
        CASE WHEN id_type IS NULL THEN 'id_type' END,
        CASE WHEN id_number IS NULL THEN 'id_number' END,
        CASE WHEN dose_number IS NULL THEN 'dose_number' END,
        CASE WHEN vaccine_brand IS NULL THEN 'vaccine_brand' END,
        CASE WHEN batch_no IS NULL THEN 'batch_no' END,
        CASE WHEN ppv_code IS NULL THEN 'ppv_code' END,
        CASE WHEN vaccinator_id IS NULL THEN 'vaccinator_id' END,
        CASE WHEN vaccinated_at IS NULL THEN 'vaccinated_at' END,
        CASE WHEN uploaded_at IS NULL THEN 'uploaded_at' END
    ) AS missing_fields,
    'rekod tidak lengkap / incomplete record' AS reason
FROM vaccinations
WHERE id_type IS NULL OR id_number IS NULL OR dose_number IS NULL OR vaccine_brand IS NULL
   OR batch_no IS NULL OR ppv_code IS NULL OR vaccinator_id IS NULL OR vaccinated_at IS NULL
   OR uploaded_at IS NULL
ORDER BY _row
