-- key: vaccinated_after_ppv_closed
-- id: A03
-- title_ms: Vaksinasi direkodkan selepas PPV ditutup
-- title_en: Vaccinations recorded after the vaccination centre closed
-- requires: vaccinations, ppv
-- parameters: (none)
-- definition: Rows with ppv_code and vaccinated_at whose centre has no open period (every
--   period in ppv.csv has closed_on) and whose vaccination date (Malaysia date) is after the
--   centre's latest closed_on.
WITH centre AS (
    SELECT ppv_code, bool_or(closed_on IS NULL) AS still_open, max(closed_on) AS last_closed_on
    FROM ppv
    GROUP BY ppv_code
)
SELECT
    v.record_id,
    v.mysj_id,
    v.ppv_code,
    v.vaccinated_at AS vaccinated_on,
    c.last_closed_on,
    'divaksin selepas PPV ditutup / vaccinated after the centre closed' AS reason
FROM vaccinations AS v
JOIN centre AS c ON c.ppv_code = v.ppv_code
WHERE v.vaccinated_at IS NOT NULL
  AND NOT c.still_open
  AND v.vaccinated_at > c.last_closed_on
ORDER BY v._row
