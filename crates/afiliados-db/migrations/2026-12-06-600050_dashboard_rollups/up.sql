-- Issue 12, admin dashboard (ADR 0059): rollups of the commissions so `GET /dashboard/admin`
-- reads rows per influencer × brand (× day or month), never one row per order. They are kept by
-- triggers on `commissions` (and on `orders.placed_at`), so every writer — the per-order ledger
-- path, the settlement's set-based confirmation, reversals — updates them in its own
-- transaction; the row locks they take are per influencer × brand, the same grain as the
-- balance row those writers already lock.

-- Names compared case- and accent-insensitively with the Spanish collation (ñ stays a letter of
-- its own); nondeterministic, so equal names fall through to the next ORDER BY key.
CREATE COLLATION dashboard_name_es (provider = icu, locale = 'es-u-ks-level1', deterministic = false);

-- All-time figures per influencer × brand.
CREATE TABLE dashboard_totals (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    -- Σ net_amount of estimated commissions.
    estimated NUMERIC NOT NULL DEFAULT 0,
    -- Σ net_amount of confirmed commissions.
    confirmed NUMERIC NOT NULL DEFAULT 0,
    -- Σ reverted_amount of every commission (partial reversals included).
    reverted NUMERIC NOT NULL DEFAULT 0,
    -- Σ effective eligible of non-reverted commissions (unrounded; rounded when read).
    eligible_sales NUMERIC NOT NULL DEFAULT 0,
    -- Commissions (one per attributed order) not reverted.
    attributed_orders BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (influencer_id, brand_id)
);
CREATE INDEX dashboard_totals_tenant_idx ON dashboard_totals (tenant_id);

-- Confirmed net amounts by Bogota day of `confirmed_at` (the `from`/`to` of top influencers).
CREATE TABLE dashboard_confirmed_days (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    day DATE NOT NULL,
    confirmed NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (influencer_id, brand_id, day)
);
CREATE INDEX dashboard_confirmed_days_tenant_idx ON dashboard_confirmed_days (tenant_id, day);

-- Per Bogota month: confirmed net amounts by `confirmed_at` month and effective eligible of
-- non-reverted commissions by order placement month ("this month" figures).
CREATE TABLE dashboard_months (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    month DATE NOT NULL CHECK (extract(day FROM month) = 1),
    confirmed NUMERIC NOT NULL DEFAULT 0,
    eligible_sales NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (influencer_id, brand_id, month)
);
CREATE INDEX dashboard_months_tenant_idx ON dashboard_months (tenant_id, month);

-- The edges of a `from`/`to` that are not whole Bogota days read confirmed commissions directly.
CREATE INDEX commissions_tenant_confirmed_at_idx ON commissions (tenant_id, confirmed_at)
    WHERE state = 'confirmed';

-- What the rollups must hold, computed from scratch: the backfill below and the rebuild check
-- (`afiliados_db::dashboard_admin::rollup_drift`) read these, so both use one definition.
CREATE VIEW dashboard_totals_recomputed AS
SELECT c.tenant_id, c.influencer_id, c.brand_id,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.state = 'estimated'), 0) AS estimated,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.state = 'confirmed'), 0) AS confirmed,
       coalesce(sum(c.reverted_amount), 0) AS reverted,
       coalesce(sum(CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                         ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END)
                FILTER (WHERE c.state <> 'reverted'), 0) AS eligible_sales,
       count(*) FILTER (WHERE c.state <> 'reverted') AS attributed_orders
  FROM commissions c
 GROUP BY c.tenant_id, c.influencer_id, c.brand_id;

CREATE VIEW dashboard_confirmed_days_recomputed AS
SELECT c.tenant_id, c.influencer_id, c.brand_id,
       (c.confirmed_at AT TIME ZONE 'America/Bogota')::date AS day,
       sum(c.commission_amount - c.reverted_amount) AS confirmed
  FROM commissions c
 WHERE c.state = 'confirmed' AND c.confirmed_at IS NOT NULL
 GROUP BY 1, 2, 3, 4;

CREATE VIEW dashboard_months_recomputed AS
SELECT tenant_id, influencer_id, brand_id, month, sum(confirmed) AS confirmed,
       sum(eligible_sales) AS eligible_sales
  FROM (SELECT c.tenant_id, c.influencer_id, c.brand_id,
               date_trunc('month', c.confirmed_at AT TIME ZONE 'America/Bogota')::date AS month,
               c.commission_amount - c.reverted_amount AS confirmed, 0::numeric AS eligible_sales
          FROM commissions c
         WHERE c.state = 'confirmed' AND c.confirmed_at IS NOT NULL
        UNION ALL
        SELECT c.tenant_id, c.influencer_id, c.brand_id,
               date_trunc('month', o.placed_at AT TIME ZONE 'America/Bogota')::date,
               0::numeric,
               CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                    ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END
          FROM commissions c JOIN orders o ON o.id = c.order_id
         WHERE c.state <> 'reverted') parts
 GROUP BY 1, 2, 3, 4;

-- Adds (sign 1) or takes away (sign -1) one commission's contribution.
CREATE FUNCTION dashboard_rollups_apply(c commissions, sign INT) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    net NUMERIC := c.commission_amount - c.reverted_amount;
    effective NUMERIC := CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                              ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END;
    standing BOOLEAN := c.state <> 'reverted';
    confirmed_day DATE;
    placed TIMESTAMPTZ;
BEGIN
    INSERT INTO dashboard_totals AS t
           (tenant_id, influencer_id, brand_id, estimated, confirmed, reverted, eligible_sales, attributed_orders)
    VALUES (c.tenant_id, c.influencer_id, c.brand_id,
            sign * CASE WHEN c.state = 'estimated' THEN net ELSE 0 END,
            sign * CASE WHEN c.state = 'confirmed' THEN net ELSE 0 END,
            sign * c.reverted_amount,
            sign * CASE WHEN standing THEN effective ELSE 0 END,
            sign * CASE WHEN standing THEN 1 ELSE 0 END)
    ON CONFLICT (influencer_id, brand_id) DO UPDATE
       SET estimated = t.estimated + EXCLUDED.estimated,
           confirmed = t.confirmed + EXCLUDED.confirmed,
           reverted = t.reverted + EXCLUDED.reverted,
           eligible_sales = t.eligible_sales + EXCLUDED.eligible_sales,
           attributed_orders = t.attributed_orders + EXCLUDED.attributed_orders;

    IF c.state = 'confirmed' AND c.confirmed_at IS NOT NULL THEN
        confirmed_day := (c.confirmed_at AT TIME ZONE 'America/Bogota')::date;
        INSERT INTO dashboard_confirmed_days AS d (tenant_id, influencer_id, brand_id, day, confirmed)
        VALUES (c.tenant_id, c.influencer_id, c.brand_id, confirmed_day, sign * net)
        ON CONFLICT (influencer_id, brand_id, day) DO UPDATE SET confirmed = d.confirmed + EXCLUDED.confirmed;
        INSERT INTO dashboard_months AS m (tenant_id, influencer_id, brand_id, month, confirmed)
        VALUES (c.tenant_id, c.influencer_id, c.brand_id, date_trunc('month', confirmed_day)::date, sign * net)
        ON CONFLICT (influencer_id, brand_id, month) DO UPDATE SET confirmed = m.confirmed + EXCLUDED.confirmed;
    END IF;

    IF standing THEN
        SELECT o.placed_at INTO placed FROM orders o WHERE o.id = c.order_id;
        INSERT INTO dashboard_months AS m (tenant_id, influencer_id, brand_id, month, eligible_sales)
        VALUES (c.tenant_id, c.influencer_id, c.brand_id,
                date_trunc('month', placed AT TIME ZONE 'America/Bogota')::date, sign * effective)
        ON CONFLICT (influencer_id, brand_id, month) DO UPDATE
           SET eligible_sales = m.eligible_sales + EXCLUDED.eligible_sales;
    END IF;
END;
$$;

CREATE FUNCTION dashboard_rollups_on_commission() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM dashboard_rollups_apply(OLD, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM dashboard_rollups_apply(NEW, 1);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER commissions_dashboard_rollups_insert AFTER INSERT ON commissions
    FOR EACH ROW EXECUTE FUNCTION dashboard_rollups_on_commission();
CREATE TRIGGER commissions_dashboard_rollups_delete AFTER DELETE ON commissions
    FOR EACH ROW EXECUTE FUNCTION dashboard_rollups_on_commission();
-- Only the columns the rollups read (a hold or a settlement run id moves nothing).
CREATE TRIGGER commissions_dashboard_rollups_update AFTER UPDATE ON commissions
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state
          OR OLD.commission_amount IS DISTINCT FROM NEW.commission_amount
          OR OLD.reverted_amount IS DISTINCT FROM NEW.reverted_amount
          OR OLD.eligible_amount IS DISTINCT FROM NEW.eligible_amount
          OR OLD.confirmed_at IS DISTINCT FROM NEW.confirmed_at
          OR OLD.influencer_id IS DISTINCT FROM NEW.influencer_id
          OR OLD.brand_id IS DISTINCT FROM NEW.brand_id
          OR OLD.tenant_id IS DISTINCT FROM NEW.tenant_id
          OR OLD.order_id IS DISTINCT FROM NEW.order_id)
    EXECUTE FUNCTION dashboard_rollups_on_commission();

-- An order whose placement instant changes moves its commission's eligible sales to the new month.
CREATE FUNCTION dashboard_rollups_on_order_placed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c commissions;
BEGIN
    SELECT * INTO c FROM commissions WHERE order_id = NEW.id;
    IF FOUND AND c.state <> 'reverted' THEN
        -- The commission's contribution was filed under the old month: take it from there by
        -- applying it negatively with the old instant, then add it under the new one.
        INSERT INTO dashboard_months AS m (tenant_id, influencer_id, brand_id, month, eligible_sales)
        SELECT c.tenant_id, c.influencer_id, c.brand_id, month, amount
          FROM (VALUES (date_trunc('month', OLD.placed_at AT TIME ZONE 'America/Bogota')::date, -1),
                       (date_trunc('month', NEW.placed_at AT TIME ZONE 'America/Bogota')::date, 1)) AS v (month, sign),
               LATERAL (SELECT v.sign * CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                                         ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END
                        AS amount) a
        ON CONFLICT (influencer_id, brand_id, month) DO UPDATE
           SET eligible_sales = m.eligible_sales + EXCLUDED.eligible_sales;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER orders_dashboard_rollups_placed AFTER UPDATE OF placed_at ON orders
    FOR EACH ROW WHEN (OLD.placed_at IS DISTINCT FROM NEW.placed_at)
    EXECUTE FUNCTION dashboard_rollups_on_order_placed();

-- Backfill from the rows that exist.
INSERT INTO dashboard_totals SELECT * FROM dashboard_totals_recomputed;
INSERT INTO dashboard_confirmed_days SELECT * FROM dashboard_confirmed_days_recomputed;
INSERT INTO dashboard_months SELECT * FROM dashboard_months_recomputed;
