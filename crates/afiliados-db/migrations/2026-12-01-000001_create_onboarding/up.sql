-- Onboarding and programs (domain.md §3.2–§3.4, §3.6): tax profiles, the rest of brands and their
-- withdrawal policies, stored documents, influencers, consents and certificates, ARCO requests,
-- campaigns with tiers and VTEX promotions, memberships, discount codes, tier assignments and
-- history, and the balance row a membership creates. Enumerations are TEXT with CHECK (ADR 0002).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE tax_profiles (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    code TEXT NOT NULL CHECK (code ~ '^[a-z0-9_]{2,40}$'),
    name TEXT NOT NULL CHECK (char_length(name) BETWEEN 2 AND 120),
    withholding_rate NUMERIC(5, 2) NOT NULL CHECK (withholding_rate BETWEEN 0 AND 100),
    threshold_amount NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (threshold_amount >= 0),
    active BOOL NOT NULL DEFAULT true,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, code)
);
ALTER TABLE tenants ADD COLUMN default_tax_profile_id UUID NULL REFERENCES tax_profiles (id);

-- Every stored file (KYC documents, logos, exports); the bytes live in object storage.
CREATE TABLE documents (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    owner_type TEXT NOT NULL CHECK (owner_type IN ('influencer', 'withdrawal', 'payment', 'brand', 'settlement_run',
        'reconciliation_run', 'arco_request', 'payout_batch')),
    owner_id UUID NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('id_document', 'rut', 'bank_certificate', 'tax_certificate',
        'withholding_certificate', 'invoice', 'transfer_receipt', 'voucher', 'logo', 'report', 'export', 'other')),
    filename TEXT NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 CHAR(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key TEXT NOT NULL,
    encryption_key_id TEXT NULL,
    uploaded_by TEXT NOT NULL,
    notes TEXT NULL CHECK (char_length(notes) <= 500),
    purged_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ NULL
);
CREATE INDEX documents_owner_idx ON documents (owner_type, owner_id);

ALTER TABLE brands
    ADD COLUMN vtex_brand_id TEXT NULL CHECK (char_length(vtex_brand_id) BETWEEN 1 AND 40),
    ADD COLUMN description TEXT NULL CHECK (char_length(description) <= 1000),
    ADD COLUMN logo_document_id UUID NULL REFERENCES documents (id);
CREATE UNIQUE INDEX brands_tenant_vtex_brand_key ON brands (tenant_id, vtex_brand_id)
    WHERE vtex_brand_id IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE brand_withdrawal_policies (
    id UUID PRIMARY KEY,
    brand_id UUID NOT NULL UNIQUE REFERENCES brands (id),
    minimum_amount NUMERIC(14, 2) NOT NULL DEFAULT 0 CHECK (minimum_amount >= 0),
    currency CHAR(3) NOT NULL DEFAULT 'COP' CHECK (currency ~ '^[A-Z]{3}$'),
    hold_days INT NOT NULL DEFAULT 0 CHECK (hold_days BETWEEN 0 AND 90),
    updated_by UUID NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE influencers (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    user_id UUID NULL UNIQUE REFERENCES users (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    document_type TEXT NOT NULL CHECK (document_type IN ('CC', 'CE', 'NIT', 'PP')),
    document_number TEXT NOT NULL,
    email TEXT NOT NULL CHECK (email = lower(email)),
    phone TEXT NULL,
    address TEXT NULL CHECK (char_length(address) <= 200),
    city TEXT NULL CHECK (char_length(city) <= 80),
    department TEXT NULL CHECK (char_length(department) <= 80),
    country CHAR(2) NOT NULL DEFAULT 'CO',
    social_links TEXT[] NOT NULL DEFAULT '{}' CHECK (cardinality(social_links) <= 10),
    tax_profile_id UUID NULL REFERENCES tax_profiles (id),
    -- JSON {accountHolder, bankName, accountType, accountNumber} sealed with the data key ring;
    -- the key id travels inside the ciphertext.
    bank_account_ciphertext BYTEA NULL,
    bank_account_last4 CHAR(4) NULL,
    bank_account_type TEXT NULL CHECK (bank_account_type IN ('ahorros', 'corriente')),
    bank_name TEXT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
    status_reason TEXT NULL,
    approved_at TIMESTAMPTZ NULL,
    marketing_opt_in BOOL NOT NULL DEFAULT false,
    anonymized_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX influencers_tenant_document_key ON influencers (tenant_id, document_type, document_number)
    WHERE deleted_at IS NULL AND anonymized_at IS NULL;
CREATE UNIQUE INDEX influencers_tenant_email_key ON influencers (tenant_id, email)
    WHERE deleted_at IS NULL AND anonymized_at IS NULL;
CREATE INDEX influencers_tenant_status_idx ON influencers (tenant_id, status);
CREATE INDEX influencers_tenant_created_idx ON influencers (tenant_id, created_at DESC);

CREATE TABLE consents (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    policy_version_id UUID NOT NULL REFERENCES policy_versions (id),
    accepted_at TIMESTAMPTZ NOT NULL,
    ip INET NULL,
    user_agent TEXT NULL CHECK (char_length(user_agent) <= 512),
    consent_hash CHAR(64) NOT NULL CHECK (consent_hash ~ '^[0-9a-f]{64}$'),
    channel TEXT NOT NULL CHECK (channel IN ('web', 'api', 'staff')),
    recorded_by UUID NULL REFERENCES users (id),
    revoked_at TIMESTAMPTZ NULL,
    revoked_by_arco_id UUID NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consents_live_key ON consents (influencer_id, policy_version_id) WHERE revoked_at IS NULL;
CREATE INDEX consents_influencer_idx ON consents (influencer_id, accepted_at DESC);

CREATE TABLE consent_certificates (
    id UUID PRIMARY KEY,
    consent_id UUID NOT NULL UNIQUE REFERENCES consents (id),
    issued_at TIMESTAMPTZ NOT NULL,
    payload JSONB NOT NULL,
    checksum CHAR(64) NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE arco_requests (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    type TEXT NOT NULL CHECK (type IN ('access', 'rectify', 'revoke', 'delete')),
    status TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'completed', 'rejected')),
    requested_by UUID NULL REFERENCES users (id),
    channel TEXT NOT NULL DEFAULT 'web' CHECK (channel IN ('web', 'email', 'phone', 'in_person')),
    details JSONB NOT NULL DEFAULT '{}',
    due_at TIMESTAMPTZ NOT NULL,
    started_by UUID NULL REFERENCES users (id),
    started_at TIMESTAMPTZ NULL,
    resolved_by UUID NULL REFERENCES users (id),
    resolved_at TIMESTAMPTZ NULL,
    resolution_notes TEXT NULL,
    export_document_id UUID NULL REFERENCES documents (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX arco_requests_open_key ON arco_requests (influencer_id, type)
    WHERE status IN ('received', 'in_progress');
CREATE INDEX arco_requests_tenant_due_idx ON arco_requests (tenant_id, status, due_at);
ALTER TABLE consents ADD CONSTRAINT consents_revoked_by_arco_fkey
    FOREIGN KEY (revoked_by_arco_id) REFERENCES arco_requests (id);

CREATE TABLE campaigns (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    name TEXT NOT NULL CHECK (char_length(name) BETWEEN 3 AND 120),
    slug TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 80),
    description TEXT NULL CHECK (char_length(description) <= 2000),
    start_date DATE NOT NULL,
    end_date DATE NULL CHECK (end_date >= start_date),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'paused', 'ended')),
    base_commission_percent NUMERIC(5, 2) NOT NULL CHECK (base_commission_percent BETWEEN 0 AND 100),
    commission_basis TEXT NOT NULL DEFAULT 'pre_tax' CHECK (commission_basis IN ('pre_tax', 'post_tax')),
    include_shipping BOOL NOT NULL DEFAULT false,
    max_discount_percent NUMERIC(5, 2) NOT NULL DEFAULT 100 CHECK (max_discount_percent > 0 AND max_discount_percent <= 100),
    max_usage INT NULL CHECK (max_usage >= 1),
    min_order_value NUMERIC(14, 2) NULL CHECK (min_order_value >= 0),
    confirmation_window_days INT NOT NULL DEFAULT 15 CHECK (confirmation_window_days BETWEEN 0 AND 120),
    tier_evaluation_period_days INT NOT NULL DEFAULT 15 CHECK (tier_evaluation_period_days BETWEEN 1 AND 365),
    eligible_scope_type TEXT NOT NULL DEFAULT 'all' CHECK (eligible_scope_type IN ('all', 'sku', 'category')),
    eligible_scope_values TEXT[] NOT NULL DEFAULT '{}',
    stacking_rules JSONB NOT NULL DEFAULT '{"cumulativeWithOtherPromotions": false, "excludeLinesWithOtherDiscounts": false}',
    version INT NOT NULL DEFAULT 1 CHECK (version >= 1),
    next_tier_evaluation_on DATE NULL,
    created_by UUID NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ NULL,
    CHECK ((eligible_scope_type = 'all') = (cardinality(eligible_scope_values) = 0))
);
CREATE UNIQUE INDEX campaigns_tenant_slug_key ON campaigns (tenant_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX campaigns_brand_status_idx ON campaigns (brand_id, status);

CREATE TABLE campaign_tiers (
    id UUID PRIMARY KEY,
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    name TEXT NOT NULL CHECK (char_length(name) BETWEEN 1 AND 40),
    level INT NOT NULL CHECK (level >= 1),
    threshold NUMERIC(14, 2) NOT NULL CHECK (threshold >= 0),
    commission_percent NUMERIC(5, 2) NOT NULL CHECK (commission_percent BETWEEN 0 AND 100),
    is_default BOOL NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, level),
    UNIQUE (campaign_id, threshold)
);
CREATE UNIQUE INDEX campaign_tiers_one_default ON campaign_tiers (campaign_id) WHERE is_default;

CREATE TABLE campaign_promotions (
    id UUID PRIMARY KEY,
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    discount_percent NUMERIC(5, 2) NOT NULL CHECK (discount_percent > 0 AND discount_percent <= 100),
    utm_campaign TEXT NOT NULL UNIQUE,
    vtex_promotion_id TEXT NULL,
    sync_revision INT NOT NULL DEFAULT 1,
    synced_revision INT NULL,
    last_synced_at TIMESTAMPTZ NULL,
    last_sync_error TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, discount_percent)
);

CREATE TABLE campaign_influencers (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    assigned_by UUID NULL REFERENCES users (id),
    assigned_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    notes TEXT NULL CHECK (char_length(notes) <= 500),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, influencer_id)
);
CREATE INDEX campaign_influencers_influencer_idx ON campaign_influencers (influencer_id);

CREATE TABLE discount_codes (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    code TEXT NOT NULL CHECK (code = upper(code) AND char_length(code) BETWEEN 4 AND 30),
    custom BOOL NOT NULL DEFAULT false,
    discount_percent NUMERIC(5, 2) NOT NULL CHECK (discount_percent > 0 AND discount_percent <= 100),
    starts_on DATE NULL,
    ends_on DATE NULL CHECK (ends_on >= starts_on),
    max_uses INT NULL CHECK (max_uses >= 1),
    max_uses_per_customer INT NULL CHECK (max_uses_per_customer >= 1),
    usage_count INT NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    enabled BOOL NOT NULL DEFAULT true,
    disabled_at TIMESTAMPTZ NULL,
    disabled_reason TEXT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'active', 'inactive')),
    vtex_coupon_id TEXT NULL,
    vtex_archived BOOL NULL,
    sync_revision INT NOT NULL DEFAULT 1,
    synced_revision INT NULL,
    sync_state TEXT NOT NULL DEFAULT 'pending' CHECK (sync_state IN ('pending', 'synced', 'failed')),
    last_synced_at TIMESTAMPTZ NULL,
    last_sync_error TEXT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX discount_codes_tenant_code_key ON discount_codes (tenant_id, code);
CREATE INDEX discount_codes_pair_idx ON discount_codes (campaign_id, influencer_id);
CREATE INDEX discount_codes_influencer_idx ON discount_codes (influencer_id);
CREATE INDEX discount_codes_tenant_status_idx ON discount_codes (tenant_id, status);

CREATE TABLE tier_evaluations (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    evaluation_at TIMESTAMPTZ NOT NULL,
    window_start TIMESTAMPTZ NULL,
    window_end TIMESTAMPTZ NULL,
    triggered_by TEXT NOT NULL,
    evaluated_count INT NOT NULL DEFAULT 0,
    changed_count INT NOT NULL DEFAULT 0,
    dry_run BOOL NOT NULL DEFAULT false,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tier_evaluations_once_key ON tier_evaluations (campaign_id, evaluation_at) WHERE NOT dry_run;

CREATE TABLE tier_assignments (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    tier_id UUID NULL REFERENCES campaign_tiers (id),
    tier_level INT NOT NULL CHECK (tier_level >= 0),
    since TIMESTAMPTZ NOT NULL,
    last_evaluated_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (campaign_id, influencer_id)
);

CREATE TABLE tier_history (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    tier_id UUID NULL REFERENCES campaign_tiers (id),
    tier_level INT NOT NULL CHECK (tier_level >= 0),
    tier_name TEXT NOT NULL,
    commission_percent NUMERIC(5, 2) NOT NULL,
    effective_from TIMESTAMPTZ NOT NULL,
    effective_to TIMESTAMPTZ NULL CHECK (effective_to > effective_from),
    window_start TIMESTAMPTZ NULL,
    window_end TIMESTAMPTZ NULL,
    sales_volume NUMERIC(14, 2) NULL,
    reason TEXT NOT NULL CHECK (reason IN ('initial', 'upgrade', 'downgrade', 'tier_removed')),
    evaluation_id UUID NULL REFERENCES tier_evaluations (id),
    triggered_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Two periods of one membership never overlap, so "the tier at time T" has one answer.
    EXCLUDE USING gist (campaign_id WITH =, influencer_id WITH =,
        tstzrange(effective_from, effective_to) WITH &&)
);
CREATE INDEX tier_history_membership_idx ON tier_history (campaign_id, influencer_id, effective_from);

-- One balance row per influencer and brand (the runbook spells the table in the singular).
CREATE TABLE influencer_balance (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    currency CHAR(3) NOT NULL DEFAULT 'COP',
    estimated NUMERIC(14, 2) NOT NULL DEFAULT 0,
    confirmed NUMERIC(14, 2) NOT NULL DEFAULT 0,
    reverted NUMERIC(14, 2) NOT NULL DEFAULT 0,
    pending_withdrawal NUMERIC(14, 2) NOT NULL DEFAULT 0,
    withdrawn NUMERIC(14, 2) NOT NULL DEFAULT 0,
    pending_adjustments NUMERIC(14, 2) NOT NULL DEFAULT 0,
    available NUMERIC(14, 2) NOT NULL DEFAULT 0,
    last_entry_seq BIGINT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (influencer_id, brand_id),
    CHECK (available = confirmed - withdrawn - pending_withdrawal - pending_adjustments)
);
