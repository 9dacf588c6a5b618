-- 0019_statement_triggers upgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 94ed20e, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Every sensitive table's per-row trigger becomes three statement-level ones.
-- Read by the migration: statements end with ';' and a blank line.

CREATE OR REPLACE FUNCTION sihat_rows_changed() RETURNS trigger AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, '
    'txid) SELECT $1, $2, %I::text, to_char(clock_timestamp() AT TIME ZONE ''UTC'', '
    '''YYYY-MM-DD"T"HH24:MI:SS.US"Z"''), NULLIF(current_setting(''sihat.app_tx'', true), '
    '''''), current_user, txid_current()::text FROM changed', TG_ARGV[0])
  USING TG_TABLE_NAME, TG_OP;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sihat_row_change ON staff_accounts;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON staff_accounts;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON staff_accounts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON staff_accounts;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON staff_accounts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON staff_accounts;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON staff_accounts REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON staff_roles;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON staff_roles;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON staff_roles REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON staff_roles;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON staff_roles REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON staff_roles;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON staff_roles REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON dose_records;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON dose_records;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON dose_records REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON dose_records;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON dose_records REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON dose_records;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON dose_records REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON dose_amendments;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON dose_amendments;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON dose_amendments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON dose_amendments;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON dose_amendments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON dose_amendments;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON dose_amendments REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_operating_periods;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON ppv_operating_periods;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON ppv_operating_periods REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON ppv_operating_periods;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON ppv_operating_periods REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON ppv_operating_periods;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON ppv_operating_periods REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_assignments;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON ppv_assignments;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON ppv_assignments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON ppv_assignments;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON ppv_assignments REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON ppv_assignments;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON ppv_assignments REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_invoices;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON vendor_invoices;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON vendor_invoices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON vendor_invoices;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON vendor_invoices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON vendor_invoices;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON vendor_invoices REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_approval_limits;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON vendor_approval_limits;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON vendor_approval_limits REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('staff_id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON vendor_approval_limits;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON vendor_approval_limits REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('staff_id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON vendor_approval_limits;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON vendor_approval_limits REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('staff_id');

DROP TRIGGER IF EXISTS sihat_row_change ON export_requests;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON export_requests;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON export_requests REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON export_requests;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON export_requests REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON export_requests;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON export_requests REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON certificates;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON certificates;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON certificates REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON certificates;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON certificates REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON certificates;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON certificates REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON certificate_revocations;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON certificate_revocations;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON certificate_revocations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON certificate_revocations;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON certificate_revocations REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON certificate_revocations;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON certificate_revocations REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON cases;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON cases;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON cases;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON cases REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON cases;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON case_retractions;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON case_retractions;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON case_retractions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON case_retractions;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON case_retractions REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON case_retractions;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON case_retractions REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON risk_statuses;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON risk_statuses;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON risk_statuses REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON risk_statuses;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON risk_statuses REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON risk_statuses;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON risk_statuses REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON orders;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON orders;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON orders;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON orders REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON orders;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON orders REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON trace_devices;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON trace_devices;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON trace_devices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON trace_devices;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON trace_devices REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON trace_devices;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON trace_devices REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change ON trace_contacts;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON trace_contacts;

CREATE TRIGGER sihat_row_change_insert AFTER INSERT ON trace_contacts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_update ON trace_contacts;

CREATE TRIGGER sihat_row_change_update AFTER UPDATE ON trace_contacts REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP TRIGGER IF EXISTS sihat_row_change_delete ON trace_contacts;

CREATE TRIGGER sihat_row_change_delete AFTER DELETE ON trace_contacts REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION sihat_rows_changed('id');

DROP FUNCTION IF EXISTS sihat_row_change();

