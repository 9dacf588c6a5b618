-- 0012_protect_health_records downgrade on postgresql: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 0523d98, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_row_change ON cases;

DROP TRIGGER IF EXISTS sihat_row_change ON case_retractions;

DROP TRIGGER IF EXISTS sihat_row_change ON risk_statuses;

DROP TRIGGER IF EXISTS sihat_row_change ON orders;

