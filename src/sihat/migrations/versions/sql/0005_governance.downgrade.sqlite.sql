-- 0005_governance downgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit a0c54cb, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_staff_accounts_insert;

DROP TRIGGER IF EXISTS sihat_staff_accounts_update;

DROP TRIGGER IF EXISTS sihat_staff_accounts_delete;

DROP TRIGGER IF EXISTS sihat_staff_roles_insert;

DROP TRIGGER IF EXISTS sihat_staff_roles_update;

DROP TRIGGER IF EXISTS sihat_staff_roles_delete;
