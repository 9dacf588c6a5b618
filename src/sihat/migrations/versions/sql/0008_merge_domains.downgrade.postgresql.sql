-- 0008_merge_domains downgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit a0c54cb, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_row_change ON dose_records;

DROP TRIGGER IF EXISTS sihat_row_change ON dose_amendments;

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_operating_periods;

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_assignments;

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_invoices;

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_approval_limits;

DROP TRIGGER IF EXISTS sihat_row_change ON export_requests;

DROP TRIGGER IF EXISTS sihat_row_change ON certificates;

DROP TRIGGER IF EXISTS sihat_row_change ON certificate_revocations;
