-- 0013_mysj_trace downgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 30f5b40, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_trace_devices_insert;

DROP TRIGGER IF EXISTS sihat_trace_devices_update;

DROP TRIGGER IF EXISTS sihat_trace_devices_delete;

DROP TRIGGER IF EXISTS sihat_trace_contacts_insert;

DROP TRIGGER IF EXISTS sihat_trace_contacts_update;

DROP TRIGGER IF EXISTS sihat_trace_contacts_delete;
