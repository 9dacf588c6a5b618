-- key: staff_changes_outside_app
-- id: A08
-- title_ms: Perubahan akaun pentadbir dan pengguna PPV di luar aplikasi
-- title_en: Administrator and centre-user changes made outside the application
-- requires: staff_events
-- parameters: (none)
-- definition: staff_events rows with via not APP, or no request_id, or no approved_by, or
--   approved_by equal to performed_by (case-insensitive), or approved_at after occurred_at.
--   reasons lists every rule the row breaks.
WITH checked AS (
    SELECT *, concat_ws(';',
        CASE WHEN via <> 'APP' THEN 'not_via_app' END,
        CASE WHEN request_id IS NULL THEN 'no_request' END,
        CASE WHEN approved_by IS NULL THEN 'no_approver' END,
        CASE WHEN upper(approved_by) = upper(performed_by) THEN 'self_approved' END,
        CASE WHEN approved_at > occurred_at THEN 'approved_after_change' END
    ) AS reasons
    FROM staff_events
)
SELECT
    event_id,
    system,
    user_id,
    action,
    via,
    occurred_at,
    performed_by,
    request_id,
    approved_by,
    reasons AS reason
FROM checked
WHERE reasons <> ''
ORDER BY _row
