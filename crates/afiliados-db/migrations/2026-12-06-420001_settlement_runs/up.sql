-- Settlement runs (`domain.md` §3.7, §5.12) and the items of their three lists.
--
-- A run is written in the one transaction that settles: it is inserted `running` and finished
-- `completed` before commit, so a failed run leaves nothing behind (the job run records the
-- failure). `report` keeps the totals per brand and per campaign; the items themselves live in
-- `settlement_run_items` (every item, not only the 1 000 the answer shows), which the CSV report
-- reads.

CREATE TABLE settlement_runs (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    evaluation_at TIMESTAMPTZ NOT NULL,
    waiting_period_days_override INT NULL CHECK (waiting_period_days_override BETWEEN 0 AND 90),
    dry_run BOOL NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('schedule', 'manual')),
    triggered_by TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NULL,
    confirmed_count INT NOT NULL DEFAULT 0,
    confirmed_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    reverted_count INT NOT NULL DEFAULT 0,
    reverted_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    pending_count INT NOT NULL DEFAULT 0,
    pending_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    report JSONB NOT NULL DEFAULT '{}',
    report_document_id UUID NULL,
    error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'running') = (finished_at IS NULL))
);
CREATE INDEX settlement_runs_tenant_started_idx ON settlement_runs (tenant_id, started_at);
CREATE INDEX settlement_runs_tenant_evaluation_idx ON settlement_runs (tenant_id, evaluation_at);

-- One row per commission a run listed. The key leads with the run and the list, so writing the
-- confirmations, the report totals and the CSV all read one index range.
CREATE TABLE settlement_run_items (
    run_id UUID NOT NULL REFERENCES settlement_runs (id),
    list TEXT NOT NULL CHECK (list IN ('confirmed', 'reverted', 'pending')),
    commission_id UUID NOT NULL REFERENCES commissions (id),
    vtex_order_id TEXT NOT NULL,
    influencer_id UUID NOT NULL,
    brand_id UUID NOT NULL,
    campaign_id UUID NOT NULL,
    previous_state TEXT NOT NULL CHECK (previous_state IN ('estimated', 'confirmed', 'reverted')),
    next_state TEXT NOT NULL CHECK (next_state IN ('estimated', 'confirmed', 'reverted')),
    amount NUMERIC(14, 2) NOT NULL,
    effective_at TIMESTAMPTZ NULL,
    -- Pending: `window_open|on_hold|awaiting_payment|status_unmapped`; reverted: the reversal
    -- reason; confirmed: none.
    reason TEXT NULL,
    due_at TIMESTAMPTZ NULL,
    PRIMARY KEY (run_id, list, commission_id)
);

-- Settlement's own references, now that its table exists.
ALTER TABLE commissions ADD CONSTRAINT commissions_settlement_run_fk
    FOREIGN KEY (settlement_run_id) REFERENCES settlement_runs (id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_settlement_run_fk
    FOREIGN KEY (settlement_run_id) REFERENCES settlement_runs (id);
-- The balance update of a run sums its entries.
CREATE INDEX ledger_entries_settlement_run_idx ON ledger_entries (settlement_run_id)
    WHERE settlement_run_id IS NOT NULL;

-- Items are facts of a finished run: append-only (triggers and grants from the helper).
SELECT afiliados_append_only('settlement_run_items');
SELECT afiliados_grant_runtime();
