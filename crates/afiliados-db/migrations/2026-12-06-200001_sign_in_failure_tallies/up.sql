-- Failed sign-ins against e-mails with no account are itemised in the audit log only up to a
-- daily cap per tenant; beyond it they are counted here and the daily maintenance writes one
-- summary audit row per tenant and day (ADR 0021). `day` is the Bogota business date of the
-- api's clock.
CREATE TABLE sign_in_failure_tallies (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    day DATE NOT NULL,
    -- audit rows written individually that day (up to the cap)
    itemized INT NOT NULL DEFAULT 0 CHECK (itemized >= 0),
    -- failures and locks beyond the cap, counted only
    failures INT NOT NULL DEFAULT 0 CHECK (failures >= 0),
    locks INT NOT NULL DEFAULT 0 CHECK (locks >= 0),
    PRIMARY KEY (tenant_id, day)
);

-- The maintenance prunes counters idle past the retention window (ADR 0021).
CREATE INDEX login_attempts_updated_at_idx ON login_attempts (updated_at);
