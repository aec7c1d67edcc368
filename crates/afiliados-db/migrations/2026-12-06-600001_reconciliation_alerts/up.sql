-- Issue 12: the platform checks itself (`domain.md` §3.9, §3.10, §4.9, §5.16–5.18). Reconciliation
-- runs and their discrepancies, the VTEX order summaries a run compares (staged in the database so
-- a day of 100 000 orders never sits in memory), operational alerts, surveys and the backup
-- snapshots the worker reports. Enumerations TEXT + CHECK (ADR 0002). Decisions: ADR 0054.

CREATE TABLE reconciliation_runs (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    type TEXT NOT NULL CHECK (type IN ('daily', 'fortnightly', 'adhoc')),
    source TEXT NOT NULL CHECK (source IN ('scheduled', 'manual_run', 'manual_record')),
    business_date DATE NULL,
    range_from TIMESTAMPTZ NOT NULL,
    range_to TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'success', 'warning', 'failed')),
    triggered_by TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NULL,
    tolerance_percent NUMERIC(5, 2) NOT NULL DEFAULT 1.00 CHECK (tolerance_percent BETWEEN 0 AND 100),
    vtex_orders_count INT NOT NULL DEFAULT 0,
    platform_orders_count INT NOT NULL DEFAULT 0,
    pages_fetched INT NOT NULL DEFAULT 0,
    class_a_count INT NOT NULL DEFAULT 0,
    class_b_count INT NOT NULL DEFAULT 0,
    class_c_count INT NOT NULL DEFAULT 0,
    class_d_count INT NOT NULL DEFAULT 0,
    class_e_count INT NOT NULL DEFAULT 0,
    discrepancies_found INT NOT NULL DEFAULT 0,
    auto_resolved_count INT NOT NULL DEFAULT 0,
    pending_manual_count INT NOT NULL DEFAULT 0,
    -- NULL until the run finished (or when nothing was compared).
    auto_reconciled_ratio NUMERIC(5, 4) NULL CHECK (auto_reconciled_ratio BETWEEN 0 AND 1),
    summary JSONB NULL,
    alerts TEXT[] NOT NULL DEFAULT '{}',
    -- Recorded runs (`POST /vtex/reconciliations`) may name a report kept elsewhere (https only).
    report_url TEXT NULL CHECK (report_url IS NULL OR report_url LIKE 'https://%'),
    report_json_document_id UUID NULL REFERENCES documents (id),
    report_csv_document_id UUID NULL REFERENCES documents (id),
    error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (range_from < range_to),
    CHECK ((status = 'running') = (finished_at IS NULL)),
    CHECK (status <> 'failed' OR error IS NOT NULL)
);
-- One run per range at a time (409 `reconciliation_in_progress`).
CREATE UNIQUE INDEX reconciliation_runs_running_range_uq ON reconciliation_runs (tenant_id, range_from, range_to)
    WHERE status = 'running';
CREATE INDEX reconciliation_runs_tenant_started_idx ON reconciliation_runs (tenant_id, started_at DESC);

-- The VTEX side of a run: one row per VTEX order listed in the range, sent by the worker in
-- chunks (`api.md` §21.5). A repeated chunk replaces the earlier one; an order listed twice
-- (it shifted pages while new orders arrived) is kept once. Kept after the run so its comparison
-- can be explained afterwards; data retention may drop the rows of old runs.
CREATE TABLE reconciliation_vtex_orders (
    run_id UUID NOT NULL REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
    vtex_order_id TEXT NOT NULL,
    chunk INT NOT NULL CHECK (chunk >= 0),
    vtex_status TEXT NOT NULL,
    total_value NUMERIC(14, 2) NOT NULL,
    currency CHAR(3) NOT NULL,
    creation_date TIMESTAMPTZ NOT NULL,
    last_change TIMESTAMPTZ NULL,
    PRIMARY KEY (run_id, vtex_order_id)
);
CREATE INDEX reconciliation_vtex_orders_chunk_idx ON reconciliation_vtex_orders (run_id, chunk);

CREATE TABLE reconciliation_discrepancies (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    vtex_order_id TEXT NOT NULL,
    order_id UUID NULL REFERENCES orders (id),
    class CHAR(1) NOT NULL CHECK (class IN ('A', 'B', 'C', 'D', 'E')),
    first_run_id UUID NOT NULL REFERENCES reconciliation_runs (id),
    last_run_id UUID NOT NULL REFERENCES reconciliation_runs (id),
    occurrences INT NOT NULL DEFAULT 1 CHECK (occurrences >= 1),
    first_detected_at TIMESTAMPTZ NOT NULL,
    -- `{field, platform, vtex, difference, ratioPercent}` (strings for money, `api.md` §1).
    details JSONB NOT NULL DEFAULT '{}',
    brand_id UUID NULL REFERENCES brands (id),
    influencer_id UUID NULL REFERENCES influencers (id),
    status TEXT NOT NULL CHECK (status IN ('open', 'resolving', 'resolved', 'accepted')),
    auto_resolvable BOOLEAN NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    last_error TEXT NULL,
    resolution TEXT NULL CHECK (resolution IN ('auto', 'reprocessed', 'accepted', 'vanished')),
    resolved_by TEXT NULL,
    resolved_at TIMESTAMPTZ NULL,
    justification TEXT NULL CHECK (justification IS NULL OR char_length(justification) BETWEEN 20 AND 1000),
    escalated_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status IN ('resolved', 'accepted')) = (resolution IS NOT NULL AND resolved_at IS NOT NULL)),
    CHECK ((status = 'accepted') = (justification IS NOT NULL)),
    CHECK (status <> 'accepted' OR resolution = 'accepted')
);
-- Never two live discrepancies for the same order and class: a later run updates the live one.
CREATE UNIQUE INDEX reconciliation_discrepancies_live_uq ON reconciliation_discrepancies (tenant_id, vtex_order_id, class)
    WHERE status IN ('open', 'resolving');
CREATE INDEX reconciliation_discrepancies_last_run_idx ON reconciliation_discrepancies (last_run_id, class);
CREATE INDEX reconciliation_discrepancies_first_run_idx ON reconciliation_discrepancies (first_run_id);
CREATE INDEX reconciliation_discrepancies_live_idx ON reconciliation_discrepancies (tenant_id, status, first_detected_at)
    WHERE status IN ('open', 'resolving');
CREATE INDEX reconciliation_discrepancies_order_idx ON reconciliation_discrepancies (vtex_order_id);

-- Operational alerts (`domain.md` §5.17). At most one unacknowledged alert per type and key.
CREATE TABLE alerts (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    alert_type TEXT NOT NULL CHECK (alert_type IN ('webhook_failure', 'reconciliation', 'reconciliation_failed',
        'discrepancy_escalated', 'delayed_job', 'job_failed', 'backup_failure', 'email_undelivered', 'vtex_auth',
        'vtex_coupon_capacity')),
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')),
    dedup_key TEXT NOT NULL,
    message TEXT NOT NULL CHECK (char_length(message) BETWEEN 1 AND 2000),
    details JSONB NOT NULL DEFAULT '{}',
    raised_at TIMESTAMPTZ NOT NULL,
    -- How many times the condition was raised while this alert stayed unacknowledged.
    raise_count INT NOT NULL DEFAULT 1 CHECK (raise_count >= 1),
    last_raised_at TIMESTAMPTZ NOT NULL,
    acknowledged_at TIMESTAMPTZ NULL,
    acknowledged_by UUID NULL REFERENCES users (id),
    emailed BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
);
CREATE INDEX alerts_tenant_ack_raised_idx ON alerts (tenant_id, acknowledged_at, raised_at DESC);
CREATE UNIQUE INDEX alerts_open_dedup_uq ON alerts (tenant_id, alert_type, dedup_key) WHERE acknowledged_at IS NULL;

ALTER TABLE notifications ADD COLUMN alert_id UUID NULL REFERENCES alerts (id);
CREATE INDEX notifications_alert_idx ON notifications (alert_id) WHERE alert_id IS NOT NULL;

CREATE TABLE surveys (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    title TEXT NOT NULL CHECK (char_length(title) BETWEEN 3 AND 200),
    -- 1–20 questions `{id, text, type: scale_1_5|text|single_choice, options?}`, validated by the api.
    questions JSONB NOT NULL CHECK (jsonb_typeof(questions) = 'array'
        AND jsonb_array_length(questions) BETWEEN 1 AND 20),
    target_roles TEXT[] NOT NULL CHECK (cardinality(target_roles) >= 1),
    opens_at TIMESTAMPTZ NOT NULL,
    closes_at TIMESTAMPTZ NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'open', 'closed')),
    created_by UUID NOT NULL REFERENCES users (id),
    opened_at TIMESTAMPTZ NULL,
    closed_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (opens_at < closes_at)
);
CREATE INDEX surveys_tenant_status_idx ON surveys (tenant_id, status, opens_at DESC);

CREATE TABLE survey_responses (
    id UUID PRIMARY KEY,
    survey_id UUID NOT NULL REFERENCES surveys (id),
    user_id UUID NOT NULL REFERENCES users (id),
    -- The respondent's roles when answering (results name roles, never people).
    respondent_roles TEXT[] NOT NULL,
    answers JSONB NOT NULL CHECK (jsonb_typeof(answers) = 'object'),
    submitted_at TIMESTAMPTZ NOT NULL,
    UNIQUE (survey_id, user_id)
);

-- Reported by the worker after each `pg_dump` (operations contract).
CREATE TABLE backup_snapshots (
    id UUID PRIMARY KEY,
    storage_key TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    sha256 CHAR(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    db_version TEXT NOT NULL,
    encryption_key_id TEXT NOT NULL,
    retention_tier TEXT NOT NULL CHECK (retention_tier IN ('daily', 'weekly', 'monthly')),
    expires_at TIMESTAMPTZ NOT NULL,
    pruned_at TIMESTAMPTZ NULL,
    reported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX backup_snapshots_created_idx ON backup_snapshots (created_at DESC);
CREATE INDEX backup_snapshots_expiry_idx ON backup_snapshots (expires_at) WHERE pruned_at IS NULL;
