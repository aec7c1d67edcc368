DROP TRIGGER email_outbox_scrub_secret ON email_outbox;
DROP FUNCTION scrub_finished_email_secret();
