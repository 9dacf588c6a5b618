-- 0005_governance upgrade on sqlite: the row-change trigger SQL exactly as
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
