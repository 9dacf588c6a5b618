-- 0012_protect_health_records downgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 0523d98, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- Read by the migration: statements end with ';' and a blank line.

DROP TRIGGER IF EXISTS sihat_cases_insert;

DROP TRIGGER IF EXISTS sihat_cases_update;

DROP TRIGGER IF EXISTS sihat_cases_delete;

DROP TRIGGER IF EXISTS sihat_case_retractions_insert;

DROP TRIGGER IF EXISTS sihat_case_retractions_update;

DROP TRIGGER IF EXISTS sihat_case_retractions_delete;

DROP TRIGGER IF EXISTS sihat_risk_statuses_insert;

DROP TRIGGER IF EXISTS sihat_risk_statuses_update;

DROP TRIGGER IF EXISTS sihat_risk_statuses_delete;

DROP TRIGGER IF EXISTS sihat_orders_insert;

DROP TRIGGER IF EXISTS sihat_orders_update;

DROP TRIGGER IF EXISTS sihat_orders_delete;

