-- A withdrawal request writes its row, its ledger entry, its notices and its audit row in one
-- pipelined group (ADR 0083). The server may run the ledger entry before the row (a statement
-- not yet prepared on a connection leaves after one that is), so the ledger's reference to its
-- withdrawal is checked at commit, as the withdrawal's reference to its payment already is.
ALTER TABLE ledger_entries ALTER CONSTRAINT ledger_entries_withdrawal_fk
    DEFERRABLE INITIALLY DEFERRED;
