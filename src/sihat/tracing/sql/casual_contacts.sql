-- Casual contacts, shared/spec/tracing.md section 1: the whole computation.
--
-- Input tables (UTC instants as BIGINT microseconds since 1970, ids as text):
--   visits(visit_id, individual, premise_id, checked_in_us, checked_out_us)
--   cases(case_id, individual, sample_us, onset_us, isolated_us)
-- ${name} is a whole-number policy setting (policy.py), substituted before the run (Spark SQL
-- substitutes ${name} itself). Functions beyond standard SQL: my_date(us), the Malaysia date
-- of an instant, and id_number(text), an all-digit id as a number (NULL otherwise), so ids
-- order numerically where they are numbers. Statements are separated by a line holding ';'.

-- Rule 2: a visit lasts until its check-out when later than the check-in, else until the
-- earlier of the same individual's next (strictly later) check-in anywhere and
-- check-in + default_visit_minutes.
CREATE OR REPLACE TEMP TABLE visit_intervals AS
SELECT visit_id, individual, premise_id, start_us,
       CASE WHEN checked_out_us > start_us THEN checked_out_us
            ELSE least(start_us + ${default_visit_minutes} * CAST(60000000 AS BIGINT),
                       coalesce(next_in_us, start_us + ${default_visit_minutes} * CAST(60000000 AS BIGINT)))
       END AS end_us
FROM (
  SELECT visit_id, individual, premise_id, checked_in_us AS start_us, checked_out_us,
         min(checked_in_us) OVER (
           PARTITION BY individual ORDER BY checked_in_us
           RANGE BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS next_in_us
  FROM visits
) AS v
;
-- Rule 1: the infectious window [start, end) of each case.
CREATE OR REPLACE TEMP TABLE case_windows AS
SELECT case_id, individual,
       coalesce(onset_us, sample_us) - ${infectious_days_before} * 86400000000 AS start_us,
       coalesce(isolated_us, sample_us + ${default_isolation_hours} * 3600000000) AS end_us
FROM cases
;
-- Rule 3: the case's visits that overlap its window, cut to it (empty intervals never overlap).
CREATE OR REPLACE TEMP TABLE case_visits AS
SELECT w.case_id, w.individual, v.visit_id AS case_visit_id, v.premise_id,
       greatest(v.start_us, w.start_us) AS start_us,
       least(v.end_us, w.end_us) AS end_us
FROM case_windows AS w
JOIN visit_intervals AS v
  ON v.individual = w.individual
 AND v.start_us < w.end_us AND v.end_us > w.start_us
 AND greatest(v.start_us, w.start_us) < least(v.end_us, w.end_us)
;
-- Rules 4, 5 and 6 in one statement (the candidate exposures are never stored). Rule 4 and
-- 5: another individual's visit at the same premise overlapping [case visit start, case visit
-- end + linger); overlap rounded to whole minutes, halves up; not the case itself, not someone
-- whose sample was taken at or before that visit's check-in. Rule 6: one row per (case,
-- contact): the largest overlap (in whole minutes), then the earliest contact check-in, then
-- the smallest contact_visit_id (then case_visit_id, so the choice is always one row). The
-- rows are stored in the output's order: ids that are numbers first, in numeric order.
CREATE OR REPLACE TEMP TABLE exposures AS
WITH candidates AS (
  SELECT cv.case_id, c.individual AS contact_individual, cv.premise_id, cv.case_visit_id,
         c.visit_id AS contact_visit_id, c.start_us AS contact_in_us,
         CAST(floor((least(c.end_us, cv.end_us + ${linger_minutes} * CAST(60000000 AS BIGINT))
                     - greatest(c.start_us, cv.start_us) + 30000000) / 60000000.0) AS BIGINT)
           AS overlap_minutes,
         least(c.end_us, cv.end_us + ${linger_minutes} * CAST(60000000 AS BIGINT))
           - greatest(c.start_us, cv.start_us) AS overlap_us
  FROM case_visits AS cv
  JOIN visit_intervals AS c
    ON c.premise_id = cv.premise_id
   AND c.start_us < cv.end_us + ${linger_minutes} * CAST(60000000 AS BIGINT)
   AND c.end_us > cv.start_us
  LEFT JOIN (SELECT individual, min(sample_us) AS first_sample_us
             FROM cases GROUP BY individual) AS k
    ON k.individual = c.individual
  WHERE c.individual <> cv.individual
    AND (k.first_sample_us IS NULL OR k.first_sample_us > c.start_us)
), ranked AS (
  SELECT *, row_number() OVER (
           PARTITION BY case_id, contact_individual
           ORDER BY overlap_minutes DESC, contact_in_us,
                    id_number(contact_visit_id) NULLS LAST, contact_visit_id,
                    id_number(case_visit_id) NULLS LAST, case_visit_id) AS choice
  FROM candidates
  WHERE overlap_us > 0 AND overlap_minutes >= ${min_overlap_minutes}
)
SELECT case_id, contact_individual, premise_id, case_visit_id, contact_visit_id,
       overlap_minutes, my_date(contact_in_us) AS exposed_on
FROM ranked
WHERE choice = 1
ORDER BY id_number(case_id) NULLS LAST, case_id,
         id_number(contact_individual) NULLS LAST, contact_individual
