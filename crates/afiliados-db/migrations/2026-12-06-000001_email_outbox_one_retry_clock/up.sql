-- One retry clock and one attempt cap for e-mail (ADR 0014): the worker's backoff schedules
-- retries and its queue constant (afiliados_jobs::queues::EMAILS_MAX_ATTEMPTS) is the cap.
-- The per-row copy of the cap goes; next_attempt_at stays as information (what the worker
-- reported it plans), so nothing looks rows up by it any more.
ALTER TABLE email_outbox DROP COLUMN max_attempts;
DROP INDEX email_outbox_status_idx;
CREATE INDEX email_outbox_status_idx ON email_outbox (status);
