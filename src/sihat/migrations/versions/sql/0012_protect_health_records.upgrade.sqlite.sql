-- 0012_protect_health_records upgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 0523d98, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

CREATE TRIGGER IF NOT EXISTS sihat_cases_insert AFTER INSERT ON cases
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('cases', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_cases_update AFTER UPDATE ON cases
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('cases', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_cases_delete AFTER DELETE ON cases
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('cases', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_case_retractions_insert AFTER INSERT ON case_retractions
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('case_retractions', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_case_retractions_update AFTER UPDATE ON case_retractions
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('case_retractions', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_case_retractions_delete AFTER DELETE ON case_retractions
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('case_retractions', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_risk_statuses_insert AFTER INSERT ON risk_statuses
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('risk_statuses', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_risk_statuses_update AFTER UPDATE ON risk_statuses
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('risk_statuses', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_risk_statuses_delete AFTER DELETE ON risk_statuses
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('risk_statuses', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_orders_insert AFTER INSERT ON orders
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('orders', 'INSERT', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_orders_update AFTER UPDATE ON orders
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('orders', 'UPDATE', NEW.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

CREATE TRIGGER IF NOT EXISTS sihat_orders_delete AFTER DELETE ON orders
BEGIN
  INSERT INTO row_changes (table_name, operation, row_id, changed_at, app_token, db_user, txid)
  VALUES ('orders', 'DELETE', OLD.id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
          (SELECT token FROM app_tx_marker LIMIT 1), NULL, NULL);
END;

