-- key: unknown_ppv
-- id: A05
-- title_ms: Kod PPV tidak wujud dalam senarai PPV
-- title_en: Vaccination centre code not in the centre list
-- requires: vaccinations, ppv
-- parameters: (none)
-- definition: Rows whose ppv_code is not in ppv.csv.
SELECT
    v.record_id,
    v.mysj_id,
    v.ppv_code,
    'kod PPV tidak dikenali / unknown centre code' AS reason
FROM vaccinations AS v
WHERE v.ppv_code IS NOT NULL
  AND v.ppv_code NOT IN (SELECT p.ppv_code FROM ppv AS p)
ORDER BY v._row
