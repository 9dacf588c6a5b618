-- key: duplicate_accounts
-- id: A01
-- title_ms: Individu mempunyai lebih daripada satu akaun MySJ
-- title_en: Individuals holding more than one MySJ account
-- requires: accounts, vaccinations
-- parameters: (none)
-- definition: Accounts with the same identity key (id_type, normalised id_number) are one
--   individual. Only accounts that are ACTIVE, identity_verified and have at least one row in
--   vaccinations.csv with their mysj_id are counted. An individual with two or more counted
--   accounts is a finding; each of its counted accounts is one exception row.
WITH counted AS (
    SELECT a.mysj_id, a.id_type, a.id_key_number, a.full_name
    FROM accounts AS a
    WHERE a.status = 'ACTIVE'
      AND a.identity_verified
      AND a.id_key_number IS NOT NULL
      AND a.mysj_id IN (SELECT v.mysj_id FROM vaccinations AS v WHERE v.mysj_id IS NOT NULL)
),
individuals AS (
    SELECT id_type, id_key_number, count(*) AS accounts_in_individual
    FROM counted
    GROUP BY id_type, id_key_number
    HAVING count(*) >= 2
)
SELECT
    c.id_type,
    c.id_key_number AS id_number_normalised,
    c.mysj_id,
    c.full_name,
    i.accounts_in_individual,
    'akaun berganda bagi identiti yang sama / duplicate account for the same identity' AS reason
FROM counted AS c
JOIN individuals AS i USING (id_type, id_key_number)
ORDER BY c.id_type, c.id_key_number, c.mysj_id
