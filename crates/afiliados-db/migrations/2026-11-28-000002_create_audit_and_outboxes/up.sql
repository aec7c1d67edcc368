-- Audit, status history, notifications and the two outboxes (domain.md §3.10, §4.10).

CREATE TABLE audit_log (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_type TEXT NOT NULL CHECK (actor_type IN ('user', 'system', 'service', 'vtex', 'anonymous')),
    actor_user_id UUID NULL,
    actor_label TEXT NOT NULL,
    actor_roles TEXT[] NOT NULL DEFAULT '{}',
    action TEXT NOT NULL,
    entity_type TEXT NULL,
    entity_id TEXT NULL,
    before JSONB NULL,
    after JSONB NULL,
    ip INET NULL,
    user_agent TEXT NULL,
    request_id TEXT NULL,
    trace_id TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_time_idx ON audit_log (tenant_id, occurred_at DESC);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, occurred_at);
CREATE INDEX audit_log_action_idx ON audit_log (action);

CREATE TABLE status_history (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    entity_type TEXT NOT NULL,
    entity_id UUID NOT NULL,
    from_status TEXT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NULL,
    actor TEXT NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX status_history_entity_idx ON status_history (entity_type, entity_id, occurred_at);

-- Append-only is enforced by the database itself, whatever role issues the statement.
CREATE FUNCTION reject_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER status_history_append_only BEFORE UPDATE OR DELETE ON status_history
    FOR EACH ROW EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER status_history_no_truncate BEFORE TRUNCATE ON status_history
    FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change();

CREATE TABLE notifications (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    user_id UUID NOT NULL REFERENCES users (id),
    type TEXT NOT NULL,
    severity TEXT NOT NULL DEFAULT 'info' CHECK (severity IN ('info', 'warning', 'critical')),
    payload JSONB NOT NULL DEFAULT '{}',
    operational BOOL NOT NULL DEFAULT false,
    read_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notifications_feed_idx ON notifications (user_id, read_at, created_at DESC);

CREATE TABLE email_outbox (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    recipient TEXT NOT NULL,
    recipient_user_id UUID NULL REFERENCES users (id),
    template TEXT NOT NULL,
    locale TEXT NOT NULL CHECK (locale IN ('es', 'en')),
    payload JSONB NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    delivered BOOL NOT NULL DEFAULT false,
    attempts INT NOT NULL DEFAULT 0,
    max_attempts INT NOT NULL DEFAULT 10,
    next_attempt_at TIMESTAMPTZ NULL,
    claimed_until TIMESTAMPTZ NULL,
    last_error TEXT NULL,
    sent_at TIMESTAMPTZ NULL,
    message_id TEXT NULL,
    alert_group TEXT NULL CHECK (alert_group IN ('global', 'finance', 'operations')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX email_outbox_status_idx ON email_outbox (status, next_attempt_at);
CREATE INDEX email_outbox_delivered_idx ON email_outbox (delivered, created_at);

CREATE TABLE job_outbox (
    id UUID PRIMARY KEY,
    job_type TEXT NOT NULL,
    payload JSONB NOT NULL,
    dispatched_at TIMESTAMPTZ NULL,
    attempts INT NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX job_outbox_pending_idx ON job_outbox (created_at) WHERE dispatched_at IS NULL;
