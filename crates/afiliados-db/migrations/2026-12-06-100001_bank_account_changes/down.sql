DROP TABLE bank_account_changes;
