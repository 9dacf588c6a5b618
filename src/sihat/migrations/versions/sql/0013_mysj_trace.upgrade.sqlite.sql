-- 0013_mysj_trace upgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 30f5b40, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

CREATE TRIGGER IF NOT EXISTS sihat_trace_devices_insert AFTER INSERT ON trace_devices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_devices', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_trace_devices_update AFTER UPDATE ON trace_devices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_devices', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_trace_devices_delete AFTER DELETE ON trace_devices
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_devices', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_trace_contacts_insert AFTER INSERT ON trace_contacts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_contacts', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_trace_contacts_update AFTER UPDATE ON trace_contacts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_contacts', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_trace_contacts_delete AFTER DELETE ON trace_contacts
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('trace_contacts', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;
