-- Issue 10, step 1: the money core (`domain.md` §3.5–3.6, §3.8 for `adjustments`). Orders and their
-- lines as VTEX last reported them, the order's status trail, one commission per attributed order
-- with its eligible lines and its audit trail, the append-only ledger, and the adjustments the
-- clawback rule (§5.13.3) opens. Money is NUMERIC(14, 2), percentages NUMERIC(5, 2), enumerations
-- TEXT + CHECK (ADR 0002). Schema choices the spec leaves open: ADR 0031.

CREATE TABLE orders (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    vtex_order_id TEXT NOT NULL CHECK (char_length(vtex_order_id) BETWEEN 1 AND 64),
    sequence TEXT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('created', 'paid', 'invoiced', 'shipped', 'canceled', 'returned')),
    vtex_status TEXT NOT NULL,
    status_unmapped BOOL NOT NULL DEFAULT false,
    placed_at TIMESTAMPTZ NOT NULL,
    paid_at TIMESTAMPTZ NULL,
    invoiced_at TIMESTAMPTZ NULL,
    shipped_at TIMESTAMPTZ NULL,
    canceled_at TIMESTAMPTZ NULL,
    returned_at TIMESTAMPTZ NULL,
    currency CHAR(3) NOT NULL,
    items_total NUMERIC(14, 2) NOT NULL,
    discounts_total NUMERIC(14, 2) NOT NULL CHECK (discounts_total >= 0),
    shipping_total NUMERIC(14, 2) NOT NULL,
    tax_total NUMERIC(14, 2) NOT NULL,
    total_value NUMERIC(14, 2) NOT NULL,
    net_items_total NUMERIC(14, 2) NOT NULL,
    eligible_total NUMERIC(14, 2) NOT NULL DEFAULT 0,
    coupon_code TEXT NULL,
    coupon_code_normalized TEXT NULL CHECK (coupon_code_normalized = upper(btrim(coupon_code_normalized))),
    discount_code_id UUID NULL REFERENCES discount_codes (id),
    brand_id UUID NULL REFERENCES brands (id),
    influencer_id UUID NULL REFERENCES influencers (id),
    campaign_id UUID NULL REFERENCES campaigns (id),
    attributed BOOL NOT NULL DEFAULT false,
    non_attribution_reason TEXT NULL CHECK (non_attribution_reason IN (
        'no_coupon', 'coupon_unknown', 'code_created_after_order', 'code_disabled',
        'influencer_not_approved', 'campaign_not_active', 'campaign_outside_dates',
        'below_min_order_value')),
    customer_email_hash CHAR(64) NULL,
    customer_document_hash CHAR(64) NULL,
    self_referral BOOL NOT NULL DEFAULT false,
    vtex_last_change TIMESTAMPTZ NOT NULL,
    ingest_count INT NOT NULL DEFAULT 1 CHECK (ingest_count >= 1),
    last_ingested_at TIMESTAMPTZ NOT NULL,
    last_source TEXT NOT NULL CHECK (last_source IN ('hook', 'push', 'feed', 'reconciliation', 'refetch')),
    -- The consistency warnings of the last ingested version (`vtex.md` §4.6), for the explain endpoint.
    warnings TEXT[] NOT NULL DEFAULT '{}',
    document_json JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, vtex_order_id),
    -- Attributed means no reason, and a reason means not attributed.
    CHECK (attributed = (non_attribution_reason IS NULL)),
    CHECK (NOT attributed OR (discount_code_id IS NOT NULL AND influencer_id IS NOT NULL
        AND campaign_id IS NOT NULL AND brand_id IS NOT NULL))
);
CREATE INDEX orders_tenant_placed_idx ON orders (tenant_id, placed_at);
CREATE INDEX orders_influencer_placed_idx ON orders (influencer_id, placed_at);
CREATE INDEX orders_brand_placed_idx ON orders (brand_id, placed_at);
CREATE INDEX orders_tenant_coupon_idx ON orders (tenant_id, coupon_code_normalized);
CREATE INDEX orders_tenant_unmapped_idx ON orders (tenant_id, status_unmapped) WHERE status_unmapped;

CREATE TABLE order_lines (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL REFERENCES orders (id),
    line_index INT NOT NULL CHECK (line_index >= 0),
    sku_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    ref_id TEXT NULL,
    name TEXT NOT NULL,
    vtex_brand_id TEXT NULL,
    brand_name TEXT NULL,
    category_path TEXT[] NOT NULL DEFAULT '{}',
    category_id TEXT NULL,
    quantity INT NOT NULL CHECK (quantity >= 0),
    removed_quantity INT NOT NULL DEFAULT 0 CHECK (removed_quantity >= 0),
    returned_quantity INT NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0),
    unit_price NUMERIC(14, 2) NOT NULL,
    list_price NUMERIC(14, 2) NOT NULL,
    selling_price NUMERIC(14, 2) NOT NULL,
    line_gross NUMERIC(14, 2) NOT NULL,
    line_discount NUMERIC(14, 2) NOT NULL CHECK (line_discount >= 0),
    line_net NUMERIC(14, 2) NOT NULL,
    line_tax NUMERIC(14, 2) NOT NULL,
    shipping_share NUMERIC(14, 2) NOT NULL DEFAULT 0,
    is_gift BOOL NOT NULL DEFAULT false,
    promotion_ids TEXT[] NOT NULL DEFAULT '{}',
    eligible BOOL NOT NULL,
    ineligibility_reason TEXT NULL CHECK (ineligibility_reason IN (
        'gift_item', 'brand_mismatch', 'sku_not_in_scope', 'category_not_in_scope',
        'other_promotion_applied', 'zero_amount', 'not_attributed')),
    eligible_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (order_id, line_index),
    CHECK (eligible = (ineligibility_reason IS NULL)),
    CHECK (eligible OR eligible_amount = 0)
);

CREATE TABLE order_status_history (
    id UUID PRIMARY KEY,
    order_id UUID NOT NULL REFERENCES orders (id),
    from_status TEXT NULL
        CHECK (from_status IN ('created', 'paid', 'invoiced', 'shipped', 'canceled', 'returned')),
    to_status TEXT NOT NULL
        CHECK (to_status IN ('created', 'paid', 'invoiced', 'shipped', 'canceled', 'returned')),
    vtex_status TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('hook', 'push', 'feed', 'reconciliation', 'refetch')),
    -- The webhook delivery that carried the version; its table arrives with the webhook endpoint.
    delivery_id UUID NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_status_history_order_idx ON order_status_history (order_id, changed_at);

CREATE TABLE commissions (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    order_id UUID NOT NULL UNIQUE REFERENCES orders (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    discount_code_id UUID NOT NULL REFERENCES discount_codes (id),
    state TEXT NOT NULL CHECK (state IN ('estimated', 'confirmed', 'reverted')),
    commission_rate NUMERIC(5, 2) NOT NULL CHECK (commission_rate BETWEEN 0 AND 100),
    tier_id UUID NULL REFERENCES campaign_tiers (id),
    tier_level INT NOT NULL CHECK (tier_level >= 0),
    tier_name TEXT NOT NULL,
    campaign_version INT NOT NULL CHECK (campaign_version >= 1),
    rule_snapshot JSONB NOT NULL,
    eligible_amount NUMERIC(14, 2) NOT NULL CHECK (eligible_amount >= 0),
    commission_amount NUMERIC(14, 2) NOT NULL CHECK (commission_amount >= 0),
    reverted_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    net_amount NUMERIC(14, 2) GENERATED ALWAYS AS (commission_amount - reverted_amount) STORED,
    on_hold BOOL NOT NULL DEFAULT false,
    hold_reason TEXT NULL CHECK (hold_reason IN ('self_referral', 'fraud_review', 'manual')),
    held_at TIMESTAMPTZ NULL,
    held_by TEXT NULL,
    estimated_at TIMESTAMPTZ NOT NULL,
    confirmation_due_at TIMESTAMPTZ NULL,
    confirmed_at TIMESTAMPTZ NULL,
    reverted_at TIMESTAMPTZ NULL,
    reversal_reason TEXT NULL CHECK (reversal_reason IN (
        'order_canceled', 'order_returned', 'partial_return', 'order_edited',
        'amount_decreased', 'staff_revert')),
    -- The settlement run that confirmed or reverted it; its table arrives with settlement.
    settlement_run_id UUID NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (reverted_amount >= 0 AND reverted_amount <= commission_amount),
    -- Holds only exist on estimated commissions (§4.6) and always say why.
    CHECK (NOT on_hold OR (state = 'estimated' AND hold_reason IS NOT NULL)),
    CHECK ((state = 'confirmed') = (confirmed_at IS NOT NULL) OR state = 'reverted'),
    CHECK ((state = 'reverted') = (reverted_at IS NOT NULL))
);
CREATE INDEX commissions_influencer_state_idx ON commissions (influencer_id, state);
CREATE INDEX commissions_brand_state_idx ON commissions (brand_id, state);
CREATE INDEX commissions_due_idx ON commissions (state, confirmation_due_at) WHERE state = 'estimated';
CREATE INDEX commissions_membership_confirmed_idx ON commissions (campaign_id, influencer_id, confirmed_at);

CREATE TABLE commission_lines (
    id UUID PRIMARY KEY,
    commission_id UUID NOT NULL REFERENCES commissions (id),
    order_line_id UUID NOT NULL REFERENCES order_lines (id),
    eligible_amount NUMERIC(14, 2) NOT NULL CHECK (eligible_amount >= 0),
    commission_amount NUMERIC(14, 2) NOT NULL CHECK (commission_amount >= 0),
    -- The unit counts last applied (they only grow, ADR 0030); `reverted_quantity` is their capped sum.
    removed_quantity INT NOT NULL DEFAULT 0 CHECK (removed_quantity >= 0),
    returned_quantity INT NOT NULL DEFAULT 0 CHECK (returned_quantity >= 0),
    reverted_quantity INT NOT NULL DEFAULT 0 CHECK (reverted_quantity >= 0),
    reverted_amount NUMERIC(14, 2) NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (commission_id, order_line_id),
    CHECK (reverted_amount >= 0 AND reverted_amount <= commission_amount)
);

CREATE TABLE commission_transitions (
    id UUID PRIMARY KEY,
    commission_id UUID NOT NULL REFERENCES commissions (id),
    from_state TEXT NULL CHECK (from_state IN ('estimated', 'confirmed', 'reverted')),
    to_state TEXT NOT NULL CHECK (to_state IN ('estimated', 'confirmed', 'reverted')),
    amount NUMERIC(14, 2) NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('created', 'recalculated', 'confirmed', 'reverted',
        'partially_reverted', 'hold_placed', 'hold_released')),
    reason TEXT NULL,
    triggered_by TEXT NOT NULL,
    context JSONB NOT NULL DEFAULT '{}',
    occurred_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX commission_transitions_commission_idx ON commission_transitions (commission_id, occurred_at);

CREATE TABLE adjustments (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    kind TEXT NOT NULL CHECK (kind IN ('manual', 'clawback')),
    amount NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    currency CHAR(3) NOT NULL DEFAULT 'COP',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'resolved')),
    resolution_type TEXT NULL CHECK (resolution_type IN ('recovered', 'written_off')),
    recovery_method TEXT NULL CHECK (recovery_method IN ('netting', 'repayment')),
    recovery_reference TEXT NULL,
    reason TEXT NOT NULL CHECK (char_length(reason) BETWEEN 10 AND 500),
    commission_id UUID NULL REFERENCES commissions (id),
    order_id UUID NULL REFERENCES orders (id),
    reconciliation_id UUID NULL,
    created_by TEXT NOT NULL,
    resolved_by TEXT NULL,
    resolved_at TIMESTAMPTZ NULL,
    resolution_notes TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((status = 'resolved') = (resolution_type IS NOT NULL AND resolved_at IS NOT NULL)),
    CHECK ((resolution_type = 'recovered') = (recovery_method IS NOT NULL))
);
CREATE INDEX adjustments_balance_status_idx ON adjustments (influencer_id, brand_id, status);

CREATE TABLE ledger_entries (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    seq BIGSERIAL UNIQUE,
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    entry_type TEXT NOT NULL CHECK (entry_type IN ('commission_estimated', 'commission_recalculated',
        'commission_confirmed', 'commission_reverted', 'withdrawal_reserved', 'withdrawal_released',
        'payment', 'adjustment_opened', 'adjustment_recovered', 'write_off')),
    amount NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    d_estimated NUMERIC(14, 2) NOT NULL DEFAULT 0,
    d_confirmed NUMERIC(14, 2) NOT NULL DEFAULT 0,
    d_reverted NUMERIC(14, 2) NOT NULL DEFAULT 0,
    d_pending_withdrawal NUMERIC(14, 2) NOT NULL DEFAULT 0,
    d_withdrawn NUMERIC(14, 2) NOT NULL DEFAULT 0,
    d_pending_adjustments NUMERIC(14, 2) NOT NULL DEFAULT 0,
    available_after NUMERIC(14, 2) NOT NULL,
    commission_id UUID NULL REFERENCES commissions (id),
    -- Withdrawals, payments, settlement and reconciliation runs arrive with later issues.
    withdrawal_id UUID NULL,
    payment_id UUID NULL,
    adjustment_id UUID NULL REFERENCES adjustments (id),
    settlement_run_id UUID NULL,
    reconciliation_id UUID NULL,
    description TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_balance_seq_idx ON ledger_entries (influencer_id, brand_id, seq);
CREATE INDEX ledger_entries_tenant_created_idx ON ledger_entries (tenant_id, created_at);
CREATE INDEX ledger_entries_commission_idx ON ledger_entries (commission_id) WHERE commission_id IS NOT NULL;

-- The ledger and both trails are append-only, enforced by the database whatever role writes
-- (the function is the audit log's).
CREATE TRIGGER order_status_history_append_only BEFORE UPDATE OR DELETE ON order_status_history
    FOR EACH ROW EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER order_status_history_no_truncate BEFORE TRUNCATE ON order_status_history
    FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER commission_transitions_append_only BEFORE UPDATE OR DELETE ON commission_transitions
    FOR EACH ROW EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER commission_transitions_no_truncate BEFORE TRUNCATE ON commission_transitions
    FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION reject_append_only_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change();

-- A view of the totals per influencer over its brands (§3.6).
CREATE VIEW influencer_balance_totals AS
SELECT tenant_id, influencer_id, currency,
       sum(estimated) AS estimated, sum(confirmed) AS confirmed, sum(reverted) AS reverted,
       sum(pending_withdrawal) AS pending_withdrawal, sum(withdrawn) AS withdrawn,
       sum(pending_adjustments) AS pending_adjustments, sum(available) AS available
FROM influencer_balance
GROUP BY tenant_id, influencer_id, currency;

-- Least privilege (ADR 0023): the runtime role may only read and append on the trails and the
-- ledger, and reads the totals view.
SELECT afiliados_append_only('order_status_history');
SELECT afiliados_append_only('commission_transitions');
SELECT afiliados_append_only('ledger_entries');
SELECT afiliados_grant_runtime();
GRANT SELECT ON influencer_balance_totals TO afiliados_runtime;
