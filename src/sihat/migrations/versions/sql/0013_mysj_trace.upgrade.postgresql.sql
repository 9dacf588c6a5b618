-- 0013_mysj_trace upgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 30f5b40, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
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

DROP TRIGGER IF EXISTS sihat_row_change ON trace_devices;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON trace_devices FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');

DROP TRIGGER IF EXISTS sihat_row_change ON trace_contacts;

CREATE TRIGGER sihat_row_change AFTER INSERT OR UPDATE OR DELETE ON trace_contacts FOR EACH ROW EXECUTE FUNCTION sihat_row_change('id');
