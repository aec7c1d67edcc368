-- When an alert's group e-mail last went out (`domain.md` §5.17: the same type and key is not
-- e-mailed again within ALERT_DEDUP_MINUTES). `emailed` only says whether one ever did; the
-- dedup window needs the instant, also across an acknowledged alert and the new one that
-- follows it. Decisions: ADR 0058.
ALTER TABLE alerts ADD COLUMN last_emailed_at TIMESTAMPTZ NULL;
CREATE INDEX alerts_tenant_type_key_emailed_idx ON alerts (tenant_id, alert_type, dedup_key, last_emailed_at DESC);
