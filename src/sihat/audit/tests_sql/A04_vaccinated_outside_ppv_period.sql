-- key: vaccinated_outside_ppv_period
-- id: A04
-- title_ms: Vaksinasi di luar tempoh operasi PPV
-- title_en: Vaccinations outside the centre's operating periods
-- requires: vaccinations, ppv
-- parameters: (none)
-- definition: Rows with ppv_code and vaccinated_at whose vaccination date falls in no
--   operating period of the centre (opened_on <= date <= closed_on, an empty closed_on is
--   still open) and is not after the centre's final closing (that is A03): before the first
--   opening, or in a gap between periods of a reopened centre.
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
    'divaksin di luar tempoh operasi PPV / vaccinated outside the operating periods' AS reason
FROM vaccinations AS v
JOIN centre AS c ON c.ppv_code = v.ppv_code
WHERE v.vaccinated_at IS NOT NULL
  AND NOT (NOT c.still_open AND v.vaccinated_at > c.last_closed_on)
  AND NOT EXISTS (
      SELECT 1 FROM ppv AS p
      WHERE p.ppv_code = v.ppv_code
        AND v.vaccinated_at >= p.opened_on
        AND (p.closed_on IS NULL OR v.vaccinated_at <= p.closed_on)
  )
ORDER BY v._row
