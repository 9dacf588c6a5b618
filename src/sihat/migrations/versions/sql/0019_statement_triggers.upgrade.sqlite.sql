-- 0019_statement_triggers upgrade on sqlite: the row-change trigger SQL exactly as
-- sihat.governance.triggers produced it at commit 94ed20e, frozen here so this
-- migration means the same thing forever. Never edit: write a new migration.
-- SQLite has no statement-level triggers: its per-row triggers stay as they are.
-- Nothing to run.

