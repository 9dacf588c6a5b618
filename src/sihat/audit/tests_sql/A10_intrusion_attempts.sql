-- key: intrusion_attempts
-- id: A10
-- title_ms: Cubaan serangan pecah masuk aplikasi
-- title_en: Intrusion attempts against the application
-- requires: security_events
-- parameters: (none)
-- definition: Every row of security_events.csv; attempts is the sum of count (default 1 when
--   empty), by kind, and blocked sums count over rows with blocked = true.
SELECT
    _row AS row_number,
    occurred_at,
    source_ip,
    kind,
    target,
    coalesce(blocked, FALSE) AS blocked,
    coalesce("count", 1) AS attempts,
    'cubaan serangan / intrusion attempt' AS reason
FROM security_events
ORDER BY _row
