-- 0008_merge_domains upgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit a0c54cb, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

CREATE TRIGGER IF NOT EXISTS sihat_staff_accounts_insert AFTER INSERT ON staff_accounts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_accounts', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_staff_accounts_update AFTER UPDATE ON staff_accounts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_accounts', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_staff_accounts_delete AFTER DELETE ON staff_accounts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_accounts', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_staff_roles_insert AFTER INSERT ON staff_roles
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_roles', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_staff_roles_update AFTER UPDATE ON staff_roles
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_roles', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_staff_roles_delete AFTER DELETE ON staff_roles
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('staff_roles', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_records_insert AFTER INSERT ON dose_records
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_records', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_records_update AFTER UPDATE ON dose_records
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_records', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_records_delete AFTER DELETE ON dose_records
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_records', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_amendments_insert AFTER INSERT ON dose_amendments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_amendments', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_amendments_update AFTER UPDATE ON dose_amendments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_amendments', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_dose_amendments_delete AFTER DELETE ON dose_amendments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('dose_amendments', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_operating_periods_insert AFTER INSERT ON ppv_operating_periods
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_operating_periods', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_operating_periods_update AFTER UPDATE ON ppv_operating_periods
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_operating_periods', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_operating_periods_delete AFTER DELETE ON ppv_operating_periods
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_operating_periods', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_assignments_insert AFTER INSERT ON ppv_assignments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_assignments', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_assignments_update AFTER UPDATE ON ppv_assignments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_assignments', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_ppv_assignments_delete AFTER DELETE ON ppv_assignments
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('ppv_assignments', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_invoices_insert AFTER INSERT ON vendor_invoices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_invoices', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_invoices_update AFTER UPDATE ON vendor_invoices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_invoices', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_invoices_delete AFTER DELETE ON vendor_invoices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_invoices', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_approval_limits_insert AFTER INSERT ON vendor_approval_limits
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_approval_limits', 'INSERT', NEW.staff_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_approval_limits_update AFTER UPDATE ON vendor_approval_limits
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_approval_limits', 'UPDATE', NEW.staff_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_vendor_approval_limits_delete AFTER DELETE ON vendor_approval_limits
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('vendor_approval_limits', 'DELETE', OLD.staff_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_export_requests_insert AFTER INSERT ON export_requests
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('export_requests', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_export_requests_update AFTER UPDATE ON export_requests
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('export_requests', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_export_requests_delete AFTER DELETE ON export_requests
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('export_requests', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificates_insert AFTER INSERT ON certificates
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificates', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificates_update AFTER UPDATE ON certificates
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificates', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificates_delete AFTER DELETE ON certificates
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificates', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificate_revocations_insert AFTER INSERT ON certificate_revocations
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificate_revocations', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificate_revocations_update AFTER UPDATE ON certificate_revocations
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificate_revocations', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_certificate_revocations_delete AFTER DELETE ON certificate_revocations
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('certificate_revocations', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;
