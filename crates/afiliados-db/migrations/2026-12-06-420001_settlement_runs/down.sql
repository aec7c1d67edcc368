DROP INDEX ledger_entries_settlement_run_idx;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_settlement_run_fk;
ALTER TABLE commissions DROP CONSTRAINT commissions_settlement_run_fk;
DROP TABLE settlement_run_items;
DROP TABLE settlement_runs;
