-- 0008_merge_domains downgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit a0c54cb, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_dose_records_insert;

DROP TRIGGER IF EXISTS sihat_dose_records_update;

DROP TRIGGER IF EXISTS sihat_dose_records_delete;

DROP TRIGGER IF EXISTS sihat_dose_amendments_insert;

DROP TRIGGER IF EXISTS sihat_dose_amendments_update;

DROP TRIGGER IF EXISTS sihat_dose_amendments_delete;

DROP TRIGGER IF EXISTS sihat_ppv_operating_periods_insert;

DROP TRIGGER IF EXISTS sihat_ppv_operating_periods_update;

DROP TRIGGER IF EXISTS sihat_ppv_operating_periods_delete;

DROP TRIGGER IF EXISTS sihat_ppv_assignments_insert;

DROP TRIGGER IF EXISTS sihat_ppv_assignments_update;

DROP TRIGGER IF EXISTS sihat_ppv_assignments_delete;

DROP TRIGGER IF EXISTS sihat_vendor_invoices_insert;

DROP TRIGGER IF EXISTS sihat_vendor_invoices_update;

DROP TRIGGER IF EXISTS sihat_vendor_invoices_delete;

DROP TRIGGER IF EXISTS sihat_vendor_approval_limits_insert;

DROP TRIGGER IF EXISTS sihat_vendor_approval_limits_update;

DROP TRIGGER IF EXISTS sihat_vendor_approval_limits_delete;

DROP TRIGGER IF EXISTS sihat_export_requests_insert;

DROP TRIGGER IF EXISTS sihat_export_requests_update;

DROP TRIGGER IF EXISTS sihat_export_requests_delete;

DROP TRIGGER IF EXISTS sihat_certificates_insert;

DROP TRIGGER IF EXISTS sihat_certificates_update;

DROP TRIGGER IF EXISTS sihat_certificates_delete;

DROP TRIGGER IF EXISTS sihat_certificate_revocations_insert;

DROP TRIGGER IF EXISTS sihat_certificate_revocations_update;

DROP TRIGGER IF EXISTS sihat_certificate_revocations_delete;
