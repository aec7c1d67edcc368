-- Dual control of bank account changes made by staff (ADR 0018): the change waits here until a
-- second, different user with the confirming role confirms or rejects it. The new account is
-- sealed like the influencer's own (data key ring, the influencer's id as associated data), so
-- confirming copies it onto the influencer row as it is; the sealed copy is dropped once the
-- change is decided, leaving only the columns that may be shown.
CREATE TABLE bank_account_changes (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    requested_by UUID NOT NULL REFERENCES users (id),
    requested_by_email TEXT NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL,
    removes_account BOOLEAN NOT NULL,
    bank_account_ciphertext BYTEA NULL,
    bank_account_last4 TEXT NULL,
    bank_account_type TEXT NULL,
    bank_name TEXT NULL,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'confirmed', 'rejected', 'superseded')),
    decided_by UUID NULL REFERENCES users (id),
    decided_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (removes_account OR bank_account_last4 IS NOT NULL),
    CHECK (status <> 'pending' OR removes_account OR bank_account_ciphertext IS NOT NULL),
    CHECK ((status = 'pending') = (decided_at IS NULL))
);

-- At most one change waits per influencer; a newer request supersedes the older one.
CREATE UNIQUE INDEX bank_account_changes_one_pending
    ON bank_account_changes (influencer_id) WHERE status = 'pending';
CREATE INDEX bank_account_changes_tenant_status_idx ON bank_account_changes (tenant_id, status);
