-- key: bulk_downloads
-- id: A09
-- title_ms: Muat turun data peribadi secara pukal tanpa kelulusan
-- title_en: Bulk downloads of personal data without an approved request
-- requires: data_access
-- parameters: bulk_threshold (default 100000)
-- definition: Per user, EXPORT and DOWNLOAD events without a request_id. A user is flagged
--   when those events total at least bulk_threshold records, or come from two or more
--   distinct source IPs with at least bulk_threshold / 10 records. Each of a flagged user's
--   unapproved events is one exception row.
WITH unapproved AS (
    SELECT * FROM data_access
    WHERE action IN ('EXPORT', 'DOWNLOAD') AND request_id IS NULL
),
per_user AS (
    SELECT user_id, sum(record_count) AS records, count(DISTINCT source_ip) AS distinct_ips
    FROM unapproved
    GROUP BY user_id
),
flagged AS (
    SELECT * FROM per_user
    WHERE records >= getvariable('bulk_threshold')
       OR (distinct_ips >= 2 AND records >= getvariable('bulk_threshold') / 10)
)
SELECT
    u.event_id,
    u.user_id,
    u.role,
    u.action,
    u.record_count,
    u.source_ip,
    u.occurred_at,
    'muat turun pukal tanpa kelulusan / bulk download without approval' AS reason
FROM unapproved AS u
JOIN flagged AS f USING (user_id)
ORDER BY u.user_id, u.occurred_at, u.event_id
