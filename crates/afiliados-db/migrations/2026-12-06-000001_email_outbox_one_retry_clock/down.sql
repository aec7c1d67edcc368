DROP INDEX email_outbox_status_idx;
CREATE INDEX email_outbox_status_idx ON email_outbox (status, next_attempt_at);
ALTER TABLE email_outbox ADD COLUMN max_attempts INT NOT NULL DEFAULT 10;
