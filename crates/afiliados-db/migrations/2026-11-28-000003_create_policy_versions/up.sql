-- Legal policy versions (domain.md §3.2, §5.3.1): published, never edited; one active per type.
CREATE TABLE policy_versions (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    policy_type TEXT NOT NULL CHECK (policy_type IN ('terms', 'privacy', 'habeas_data')),
    version TEXT NOT NULL CHECK (version ~ '^\d+\.\d+$'),
    version_major INT NOT NULL,
    version_minor INT NOT NULL,
    title TEXT NOT NULL,
    document_text TEXT NOT NULL,
    document_url TEXT NOT NULL,
    checksum CHAR(64) NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    published_at TIMESTAMPTZ NOT NULL,
    is_active BOOL NOT NULL,
    published_by UUID NULL REFERENCES users (id),
    notes TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (tenant_id, policy_type, version)
);
CREATE UNIQUE INDEX policy_versions_one_active ON policy_versions (tenant_id, policy_type) WHERE is_active;
