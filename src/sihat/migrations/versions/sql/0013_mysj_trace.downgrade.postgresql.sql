-- 0013_mysj_trace downgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 30f5b40, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_row_change ON trace_devices;

DROP TRIGGER IF EXISTS sihat_row_change ON trace_contacts;
