DROP TABLE job_outbox;
DROP TABLE email_outbox;
DROP TABLE notifications;
DROP TABLE status_history;
DROP TABLE audit_log;
DROP FUNCTION reject_append_only_change();
