DROP TABLE idempotency_keys;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_payment_fk;
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_withdrawal_fk;
DROP INDEX ledger_entries_withdrawal_idx;
ALTER TABLE withdrawal_requests DROP CONSTRAINT withdrawal_requests_payment_fk;
DROP TABLE payments;
DROP TABLE withdrawal_events;
DROP TABLE withdrawal_requests;
DROP TABLE payout_batches;
