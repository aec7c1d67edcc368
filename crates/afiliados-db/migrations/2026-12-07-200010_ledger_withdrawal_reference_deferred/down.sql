ALTER TABLE ledger_entries ALTER CONSTRAINT ledger_entries_withdrawal_fk
    NOT DEFERRABLE INITIALLY IMMEDIATE;
