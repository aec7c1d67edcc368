-- Issue 10: the VTEX webhook delivery log (`domain.md` §3.9; states in §4.10). Every request that
-- reached `POST /api/v1/vtex/webhooks/orders` (and, later, every Feed event) is one row, whatever
-- its outcome. Hooks and pings are kept as JSONB; full order documents carry the customer's
-- personal data and are kept only sealed with the data key ring (`payload_ciphertext`, AES-GCM,
-- the row id as associated data). Signatures and hook-header values are never stored: `headers`
-- holds an allow-list of harmless headers only. Rejected requests keep no payload at all (the body
-- is attacker-controlled): their digest, size, headers and reason are enough to investigate.

CREATE TABLE webhook_delivery_log (
    id UUID PRIMARY KEY,
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    received_at TIMESTAMPTZ NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('hook', 'order_document', 'feed_event', 'ping', 'unknown')),
    vtex_order_id TEXT NULL,
    vtex_state TEXT NULL,
    vtex_last_state TEXT NULL,
    last_change TIMESTAMPTZ NULL,
    current_change TIMESTAMPTZ NULL,
    origin_account TEXT NULL,
    origin_key TEXT NULL,
    domain TEXT NULL,
    -- `<OrderId>|<State>|<LastChange>`, the three strings verbatim and trimmed (`vtex.md` §2.3).
    idempotency_key TEXT NULL,
    duplicate_of UUID NULL REFERENCES webhook_delivery_log (id),
    verification TEXT NOT NULL
        CHECK (verification IN ('hmac', 'hook_header', 'dev_skipped', 'not_required', 'failed')),
    verification_error TEXT NULL,
    status TEXT NOT NULL
        CHECK (status IN ('received', 'processing', 'processed', 'failed', 'duplicate', 'rejected', 'ignored')),
    attempts INT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_attempt_at TIMESTAMPTZ NULL,
    processed_at TIMESTAMPTZ NULL,
    error TEXT NULL,
    response_code INT NOT NULL,
    payload JSONB NULL,
    payload_ciphertext BYTEA NULL,
    payload_sha256 CHAR(64) NOT NULL,
    payload_size INT NOT NULL CHECK (payload_size >= 0),
    source_ip INET NULL,
    headers JSONB NOT NULL DEFAULT '{}',
    order_id UUID NULL REFERENCES orders (id),
    payload_purged_at TIMESTAMPTZ NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A document is sealed, never in clear; a duplicate names its original; a failed
    -- verification is a rejection and a rejection says why.
    CHECK (payload IS NULL OR payload_ciphertext IS NULL),
    CHECK (kind <> 'order_document' OR payload IS NULL),
    CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL)),
    CHECK (verification <> 'failed' OR (status = 'rejected' AND verification_error IS NOT NULL))
);

-- One live delivery per idempotency key; duplicates, rejections and ignored requests may repeat it.
CREATE UNIQUE INDEX webhook_delivery_log_tenant_key_live
    ON webhook_delivery_log (tenant_id, idempotency_key)
    WHERE duplicate_of IS NULL AND status NOT IN ('rejected', 'ignored');
CREATE INDEX webhook_delivery_log_tenant_received_idx ON webhook_delivery_log (tenant_id, received_at DESC);
CREATE INDEX webhook_delivery_log_vtex_order_idx ON webhook_delivery_log (vtex_order_id);
CREATE INDEX webhook_delivery_log_open_idx ON webhook_delivery_log (status)
    WHERE status IN ('received', 'failed');

-- The order trail's delivery reference (added before this table existed) now points here.
ALTER TABLE order_status_history
    ADD CONSTRAINT order_status_history_delivery_fk
    FOREIGN KEY (delivery_id) REFERENCES webhook_delivery_log (id);

SELECT afiliados_grant_runtime();
