-- Tenancy, identity and access (domain.md §3.1). Enumerations are TEXT with CHECK constraints
-- (docs/adr/0002) and emails are stored lower-cased with a unique index (docs/adr/0003).

CREATE TABLE tenants (
    id UUID PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'America/Bogota',
    default_currency CHAR(3) NOT NULL DEFAULT 'COP',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    email TEXT NOT NULL CHECK (email = lower(email)),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    password_hash TEXT NULL,
    status TEXT NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'suspended', 'deleted')),
    status_reason TEXT NULL,
    locale TEXT NOT NULL DEFAULT 'es' CHECK (locale IN ('es', 'en')),
    last_login_at TIMESTAMPTZ NULL,
    password_changed_at TIMESTAMPTZ NULL,
    failed_login_count INT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ NULL,
    created_by UUID NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX users_tenant_email_key ON users (tenant_id, email) WHERE deleted_at IS NULL;
CREATE INDEX users_tenant_status_idx ON users (tenant_id, status);

CREATE TABLE user_roles (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    role TEXT NOT NULL CHECK (role IN ('admin_dentsu', 'admin_marca', 'gestor_afiliados', 'finance', 'auditor', 'influencer')),
    granted_by UUID NULL REFERENCES users (id),
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, role)
);

-- Minimal brands: enough for admin_marca scoping; the catalogue issue adds the rest.
CREATE TABLE brands (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    name TEXT NOT NULL CHECK (char_length(name) BETWEEN 2 AND 80),
    slug TEXT NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 60),
    coupon_prefix TEXT NOT NULL CHECK (coupon_prefix ~ '^[A-Z0-9]{2,10}$'),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    deleted_at TIMESTAMPTZ NULL
);
CREATE UNIQUE INDEX brands_tenant_slug_key ON brands (tenant_id, slug) WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX brands_tenant_prefix_key ON brands (tenant_id, coupon_prefix) WHERE deleted_at IS NULL;

CREATE TABLE user_brands (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    granted_by UUID NULL REFERENCES users (id),
    granted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (user_id, brand_id)
);
CREATE INDEX user_brands_brand_idx ON user_brands (brand_id);

CREATE TABLE auth_sessions (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    ip INET NULL,
    user_agent TEXT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NULL,
    revoked_at TIMESTAMPTZ NULL,
    revoke_reason TEXT NULL CHECK (revoke_reason IN ('logout', 'reuse_detected', 'password_changed', 'password_reset', 'admin', 'suspended')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX auth_sessions_live_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL;

CREATE TABLE refresh_tokens (
    id UUID PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES auth_sessions (id),
    token_hash BYTEA NOT NULL UNIQUE,
    issued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    rotated_at TIMESTAMPTZ NULL,
    replaced_by UUID NULL REFERENCES refresh_tokens (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE user_totp (
    user_id UUID PRIMARY KEY REFERENCES users (id),
    secret_ciphertext BYTEA NOT NULL,
    key_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'enabled')),
    confirmed_at TIMESTAMPTZ NULL,
    last_used_step BIGINT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE user_recovery_codes (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    code_hash BYTEA NOT NULL,
    used_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id);

CREATE TABLE password_tokens (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'invite')),
    token_hash BYTEA NOT NULL UNIQUE,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX password_tokens_user_idx ON password_tokens (user_id);

-- Sign-in failure counters per normalised email (existing or not), so unknown addresses lock too.
CREATE TABLE login_attempts (
    email TEXT PRIMARY KEY CHECK (email = lower(email)),
    failed_count INT NOT NULL DEFAULT 0,
    locked_until TIMESTAMPTZ NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
