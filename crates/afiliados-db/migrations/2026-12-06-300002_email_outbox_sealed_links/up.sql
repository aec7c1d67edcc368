-- Live single-use links never rest in the outbox (ADR 0024). The api stores the payload of a
-- reset, invitation or first-password e-mail sealed with the data key ring ({"sealed": "…"});
-- this trigger drops it once the row is sent or cancelled, whichever statement finishes the row
-- (delivery report, ARCO cancellation, anything later). A row that failed for good keeps its
-- sealed payload, so an administrator's retry can still send it.
CREATE FUNCTION scrub_finished_email_secret() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IN ('sent', 'cancelled')
       AND (NEW.payload ? 'sealed'
            -- rows queued in clear before sealing existed
            OR (NEW.template IN ('user_invitation', 'password_reset', 'set_password')
                AND NEW.payload ? 'link')) THEN
        NEW.payload := jsonb_build_object('scrubbed', true);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER email_outbox_scrub_secret BEFORE UPDATE ON email_outbox
    FOR EACH ROW EXECUTE FUNCTION scrub_finished_email_secret();

-- Links queued in clear before this migration: finished rows lose them now (a failed one's token
-- has expired or soon will; the person asks for a new link).
UPDATE email_outbox SET payload = jsonb_build_object('scrubbed', true)
WHERE template IN ('user_invitation', 'password_reset', 'set_password')
  AND status IN ('sent', 'cancelled', 'failed')
  AND payload ? 'link';
