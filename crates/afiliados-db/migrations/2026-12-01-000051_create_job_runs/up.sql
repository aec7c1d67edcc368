-- Schedule bookkeeping (domain.md §3.10, §5.18) and the ARCO due-soon reminder mark (§5.3.5).

-- One row per schedule and tenant: what the worker last reported about it.
CREATE TABLE scheduled_jobs (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]*$' AND char_length(name) <= 80),
    -- Six-field cron in America/Bogota, as the worker runs it; NULL until a run reported it.
    schedule TEXT NULL CHECK (char_length(schedule) <= 200),
    status TEXT NOT NULL DEFAULT 'idle' CHECK (status IN ('idle', 'running', 'failed', 'disabled')),
    last_run_at TIMESTAMPTZ NULL,
    last_duration_ms INT NULL CHECK (last_duration_ms >= 0),
    last_error TEXT NULL,
    next_run_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scheduled_jobs_tenant_name_key ON scheduled_jobs (tenant_id, name);

-- One row per schedule slot (job name + the tick it was enqueued for): a retried attempt of the
-- same slot reuses its row, so a slot is never counted twice.
CREATE TABLE job_runs (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    job_name TEXT NOT NULL CHECK (job_name ~ '^[a-z][a-z0-9_]*$' AND char_length(job_name) <= 80),
    scheduled_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NULL,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
    duration_ms INT NULL CHECK (duration_ms >= 0),
    error TEXT NULL,
    details JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX job_runs_slot_key ON job_runs (tenant_id, job_name, scheduled_at);
CREATE INDEX job_runs_recent_idx ON job_runs (tenant_id, job_name, started_at DESC);

-- When the daily maintenance raised `arco.due_soon` for the request (once per request).
ALTER TABLE arco_requests ADD COLUMN due_soon_notified_at TIMESTAMPTZ NULL;
