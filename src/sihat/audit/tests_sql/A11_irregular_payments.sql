-- key: irregular_payments
-- id: A11
-- title_ms: Bayaran perkhidmatan vendor diluluskan secara tidak teratur
-- title_en: Vendor service payments approved irregularly
-- requires: payments
-- parameters: (none)
-- definition: Payments with any of: no contract_ref; no verifier (verified_by); no approver
--   (approved_by); approver equals verifier; approved before verified; paid before approved;
--   approved (Malaysia date) before the invoice date; amount above approver_limit_myr.
--   reasons lists every rule the payment breaks.
WITH checked AS (
    SELECT *, concat_ws(';',
        CASE WHEN contract_ref IS NULL THEN 'no_contract' END,
        CASE WHEN verified_by IS NULL THEN 'no_verifier' END,
        CASE WHEN approved_by IS NULL THEN 'no_approver' END,
        CASE WHEN upper(approved_by) = upper(verified_by) THEN 'approver_is_verifier' END,
        CASE WHEN approved_at < verified_at THEN 'approved_before_verified' END,
        CASE WHEN paid_at < approved_at THEN 'paid_before_approved' END,
        CASE WHEN my_date(approved_at) < invoice_date THEN 'approved_before_invoice' END,
        CASE WHEN amount_myr > approver_limit_myr THEN 'above_approver_limit' END
    ) AS reasons
    FROM payments
)
SELECT
    payment_id,
    vendor,
    service,
    invoice_no,
    amount_myr,
    verified_by,
    approved_by,
    reasons AS reason
FROM checked
WHERE reasons <> ''
ORDER BY _row
