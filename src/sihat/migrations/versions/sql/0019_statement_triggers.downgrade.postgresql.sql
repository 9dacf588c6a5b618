-- 0019_statement_triggers downgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 94ed20e, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Back to one per-row trigger per table, as 0005 to 0013 made them.
-- Read by the migration: statements end with ';' and a blank line.

CREATE OR REPLACE FUNCTION sihat_row_change() RETURNS trigger AS $$
DECLARE
  rid text;
BEGIN
  IF TG_OP = 'DELETE' THEN rid := to_jsonb(OLD) ->> TG_ARGV[0];
  ELSE rid := to_jsonb(NEW) ->> TG_ARGV[0]; END IF;
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES (TG_TABLE_NAME, TG_OP, rid, to_char(clock_timestamp() AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          NULLIF(current_setting('sihat.app_tx', true), ''), current_user,
          txid_current()::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS sihat_row_change_insert ON staff_accounts;

DROP TRIGGER IF EXISTS sihat_row_change_update ON staff_accounts;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON staff_accounts;

DROP TRIGGER IF EXISTS sihat_row_change ON staff_accounts;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON staff_accounts FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON staff_roles;

DROP TRIGGER IF EXISTS sihat_row_change_update ON staff_roles;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON staff_roles;

DROP TRIGGER IF EXISTS sihat_row_change ON staff_roles;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON staff_roles FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON dose_records;

DROP TRIGGER IF EXISTS sihat_row_change_update ON dose_records;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON dose_records;

DROP TRIGGER IF EXISTS sihat_row_change ON dose_records;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON dose_records FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON dose_amendments;

DROP TRIGGER IF EXISTS sihat_row_change_update ON dose_amendments;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON dose_amendments;

DROP TRIGGER IF EXISTS sihat_row_change ON dose_amendments;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON dose_amendments FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON ppv_operating_periods;

DROP TRIGGER IF EXISTS sihat_row_change_update ON ppv_operating_periods;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON ppv_operating_periods;

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_operating_periods;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON ppv_operating_periods FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON ppv_assignments;

DROP TRIGGER IF EXISTS sihat_row_change_update ON ppv_assignments;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON ppv_assignments;

DROP TRIGGER IF EXISTS sihat_row_change ON ppv_assignments;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON ppv_assignments FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON vendor_invoices;

DROP TRIGGER IF EXISTS sihat_row_change_update ON vendor_invoices;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON vendor_invoices;

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_invoices;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON vendor_invoices FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON vendor_approval_limits;

DROP TRIGGER IF EXISTS sihat_row_change_update ON vendor_approval_limits;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON vendor_approval_limits;

DROP TRIGGER IF EXISTS sihat_row_change ON vendor_approval_limits;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON vendor_approval_limits FOR EACH ROW EXECUTE FUNCTION sihat_row_change('staff_id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON export_requests;

DROP TRIGGER IF EXISTS sihat_row_change_update ON export_requests;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON export_requests;

DROP TRIGGER IF EXISTS sihat_row_change ON export_requests;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON export_requests FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON certificates;

DROP TRIGGER IF EXISTS sihat_row_change_update ON certificates;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON certificates;

DROP TRIGGER IF EXISTS sihat_row_change ON certificates;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON certificates FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON certificate_revocations;

DROP TRIGGER IF EXISTS sihat_row_change_update ON certificate_revocations;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON certificate_revocations;

DROP TRIGGER IF EXISTS sihat_row_change ON certificate_revocations;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON certificate_revocations FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON cases;

DROP TRIGGER IF EXISTS sihat_row_change_update ON cases;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON cases;

DROP TRIGGER IF EXISTS sihat_row_change ON cases;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON cases FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON case_retractions;

DROP TRIGGER IF EXISTS sihat_row_change_update ON case_retractions;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON case_retractions;

DROP TRIGGER IF EXISTS sihat_row_change ON case_retractions;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON case_retractions FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON risk_statuses;

DROP TRIGGER IF EXISTS sihat_row_change_update ON risk_statuses;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON risk_statuses;

DROP TRIGGER IF EXISTS sihat_row_change ON risk_statuses;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON risk_statuses FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON orders;

DROP TRIGGER IF EXISTS sihat_row_change_update ON orders;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON orders;

DROP TRIGGER IF EXISTS sihat_row_change ON orders;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON orders FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON trace_devices;

DROP TRIGGER IF EXISTS sihat_row_change_update ON trace_devices;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON trace_devices;

DROP TRIGGER IF EXISTS sihat_row_change ON trace_devices;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON trace_devices FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change_insert ON trace_contacts;

DROP TRIGGER IF EXISTS sihat_row_change_update ON trace_contacts;

DROP TRIGGER IF EXISTS sihat_row_change_delete ON trace_contacts;

DROP TRIGGER IF EXISTS sihat_row_change ON trace_contacts;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON trace_contacts FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP FUNCTION IF EXISTS sihat_rows_changed();

