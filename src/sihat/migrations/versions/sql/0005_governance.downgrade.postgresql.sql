-- 0005_governance downgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit a0c54cb, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_row_change ON staff_accounts;

DROP TRIGGER IF EXISTS sihat_row_change ON staff_roles;
