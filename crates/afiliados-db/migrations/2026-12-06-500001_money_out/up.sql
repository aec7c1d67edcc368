-- Issue 11: money out (`domain.md` §3.8, §4.7, §5.14; `api.md` §0.5, §11). Withdrawal requests and
-- their append-only decision log, payments with the withholding snapshot, payout batches, and the
-- stored first answers of `Idempotency-Key` requests. Money NUMERIC(14, 2), percentages
-- NUMERIC(5, 2), enumerations TEXT + CHECK (ADR 0002). Decisions the spec leaves open: ADR 0045.

CREATE TABLE payout_batches (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    -- NULL = every brand.
    brand_id UUID NULL REFERENCES brands (id),
    status TEXT NOT NULL DEFAULT 'exported' CHECK (status IN ('exported', 'paid', 'cancelled')),
    created_by UUID NOT NULL REFERENCES users (id),
    withdrawal_count INT NOT NULL CHECK (withdrawal_count >= 1),
    total_gross NUMERIC(14, 2) NOT NULL CHECK (total_gross > 0),
    total_withheld NUMERIC(14, 2) NOT NULL CHECK (total_withheld >= 0),
    total_net NUMERIC(14, 2) NOT NULL,
    csv_document_id UUID NULL REFERENCES documents (id),
    paid_at TIMESTAMPTZ NULL,
    paid_by UUID NULL REFERENCES users (id),
    cancelled_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (total_gross = total_withheld + total_net),
    CHECK ((status = 'paid') = (paid_at IS NOT NULL AND paid_by IS NOT NULL)),
    CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX payout_batches_tenant_status_idx ON payout_batches (tenant_id, status, created_at DESC);

CREATE TABLE withdrawal_requests (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    amount NUMERIC(14, 2) NOT NULL CHECK (amount > 0),
    currency CHAR(3) NOT NULL DEFAULT 'COP',
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'paid')),
    requested_by UUID NOT NULL REFERENCES users (id),
    requested_at TIMESTAMPTZ NOT NULL,
    notes TEXT NULL CHECK (char_length(notes) <= 500),
    decided_by UUID NULL REFERENCES users (id),
    decided_at TIMESTAMPTZ NULL,
    decision_notes TEXT NULL CHECK (char_length(decision_notes) <= 500),
    rejection_reason TEXT NULL CHECK (char_length(rejection_reason) BETWEEN 3 AND 500),
    payable_from TIMESTAMPTZ NULL,
    batch_id UUID NULL REFERENCES payout_batches (id),
    payment_id UUID NULL,
    paid_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Every decided request says who and when; approval sets the payable date; only a rejection
    -- has a reason; a paid request names its payment.
    CHECK ((status = 'pending') = (decided_at IS NULL)),
    CHECK (status = 'pending' OR decided_by IS NOT NULL),
    CHECK (status NOT IN ('approved', 'paid') OR payable_from IS NOT NULL),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL)),
    CHECK ((status = 'paid') = (payment_id IS NOT NULL AND paid_at IS NOT NULL)),
    CHECK (batch_id IS NULL OR status IN ('approved', 'paid'))
);
CREATE INDEX withdrawal_requests_balance_status_idx ON withdrawal_requests (influencer_id, brand_id, status);
CREATE INDEX withdrawal_requests_tenant_status_idx ON withdrawal_requests (tenant_id, status, requested_at);
CREATE INDEX withdrawal_requests_batch_idx ON withdrawal_requests (batch_id) WHERE batch_id IS NOT NULL;

CREATE TABLE withdrawal_events (
    id UUID PRIMARY KEY,
    withdrawal_id UUID NOT NULL REFERENCES withdrawal_requests (id),
    action TEXT NOT NULL CHECK (action IN ('requested', 'approved', 'rejected', 'paid', 'document_added',
        'exported', 'unexported')),
    actor TEXT NOT NULL,
    notes TEXT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX withdrawal_events_withdrawal_idx ON withdrawal_events (withdrawal_id, occurred_at);

CREATE TABLE payments (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    withdrawal_id UUID NOT NULL UNIQUE REFERENCES withdrawal_requests (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    gross_amount NUMERIC(14, 2) NOT NULL CHECK (gross_amount > 0),
    withholding_rate NUMERIC(5, 2) NOT NULL CHECK (withholding_rate BETWEEN 0 AND 100),
    tax_withheld NUMERIC(14, 2) NOT NULL CHECK (tax_withheld >= 0),
    net_amount NUMERIC(14, 2) NOT NULL CHECK (net_amount >= 0),
    tax_profile_code TEXT NULL,
    currency CHAR(3) NOT NULL DEFAULT 'COP',
    method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'digital_wallet', 'other')),
    reference TEXT NOT NULL CHECK (char_length(reference) BETWEEN 3 AND 100),
    payment_date DATE NOT NULL,
    paid_by UUID NOT NULL REFERENCES users (id),
    batch_id UUID NULL REFERENCES payout_batches (id),
    notes TEXT NULL CHECK (char_length(notes) <= 500),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (gross_amount = tax_withheld + net_amount)
);
CREATE INDEX payments_influencer_date_idx ON payments (influencer_id, payment_date);
CREATE INDEX payments_tenant_date_idx ON payments (tenant_id, payment_date);
CREATE INDEX payments_batch_idx ON payments (batch_id) WHERE batch_id IS NOT NULL;

ALTER TABLE withdrawal_requests ADD CONSTRAINT withdrawal_requests_payment_fk
    FOREIGN KEY (payment_id) REFERENCES payments (id) DEFERRABLE INITIALLY DEFERRED;

-- The ledger's references to withdrawals and payments, now that their tables exist.
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_withdrawal_fk
    FOREIGN KEY (withdrawal_id) REFERENCES withdrawal_requests (id);
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_payment_fk
    FOREIGN KEY (payment_id) REFERENCES payments (id);
CREATE INDEX ledger_entries_withdrawal_idx ON ledger_entries (withdrawal_id) WHERE withdrawal_id IS NOT NULL;

-- The first answer of a request sent with an `Idempotency-Key` (`api.md` §0.5), per user and
-- key for 24 h. The row is inserted in the request's own transaction before the work, so a
-- concurrent retry waits on the unique key and then reads the stored answer.
CREATE TABLE idempotency_keys (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    user_id UUID NOT NULL REFERENCES users (id),
    key TEXT NOT NULL CHECK (key ~ '^[!-~]{1,100}$'),
    -- The matched route template and method, so a key reused on another endpoint is a reuse.
    route TEXT NOT NULL,
    request_sha256 CHAR(64) NOT NULL,
    response_status INT NULL,
    response_body JSONB NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, key),
    CHECK ((response_status IS NULL) = (response_body IS NULL))
);
CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at);

SELECT afiliados_append_only('withdrawal_events');
SELECT afiliados_grant_runtime();
