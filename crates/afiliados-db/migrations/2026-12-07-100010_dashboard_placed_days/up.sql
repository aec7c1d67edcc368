-- ADR 0077: the influencer dashboard's period figures (`domain.md` §6.1: the period totals and
-- the sales by campaign) read the commission amounts of the orders an influencer placed in the
-- period from a rollup per influencer × campaign × Bogota placement day, instead of joining
-- every order of the period to its commission (996 orders of the benchmark's influencer cost
-- ~20 ms per block at 1 000 000 orders; the rollup holds at most one row per campaign and day).
-- Whole days come from here; the partial first and last day of a `from`/`to` given as instants
-- are read from the orders directly (`afiliados_db::dashboard_influencer`). Order counts are
-- not kept here: they are an index-only read (`orders_influencer_period_idx` below), and an
-- order trigger would take rollup row locks before the ingestion locks the balance rows.
--
-- Kept like the other rollups (ADR 0074): a statement-level trigger on `commissions` sums the
-- changed rows (old version −1, new version +1) per key first and writes each rollup row once
-- per statement, in key order. The placement day comes from the commission's order.

CREATE TABLE dashboard_placed_days (
    tenant_id UUID NOT NULL REFERENCES tenants (id),
    influencer_id UUID NOT NULL REFERENCES influencers (id),
    campaign_id UUID NOT NULL REFERENCES campaigns (id),
    brand_id UUID NOT NULL REFERENCES brands (id),
    -- Bogota date of the order's `placed_at`.
    day DATE NOT NULL,
    -- Σ effective eligible of non-reverted commissions (unrounded; rounded when read).
    eligible_sales NUMERIC NOT NULL DEFAULT 0,
    -- Σ net of estimated commissions not on hold.
    estimated_free NUMERIC NOT NULL DEFAULT 0,
    -- Σ net of estimated commissions on hold.
    estimated_held NUMERIC NOT NULL DEFAULT 0,
    -- Σ net of confirmed commissions.
    confirmed NUMERIC NOT NULL DEFAULT 0,
    -- Σ net of commissions on hold, whatever their state.
    on_hold NUMERIC NOT NULL DEFAULT 0,
    -- Σ reverted amounts (partial reversals included).
    reverted NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (influencer_id, day, campaign_id, brand_id)
);
CREATE INDEX dashboard_placed_days_tenant_idx ON dashboard_placed_days (tenant_id);
ALTER TABLE dashboard_placed_days SET (autovacuum_vacuum_scale_factor = 0.05,
                                       autovacuum_vacuum_threshold = 5000);

-- The period's order counts (attributed, canceled) read only this index: the influencer's
-- attributed orders of the period with the columns the counts group and filter by.
CREATE INDEX orders_influencer_period_idx ON orders (influencer_id, placed_at)
    INCLUDE (tenant_id, status, brand_id, campaign_id) WHERE attributed;

-- What the rollup must hold, computed from scratch (the backfill below and `rollup_drift`):
-- the definition the dashboard used before the rollup, over whole days.
CREATE VIEW dashboard_placed_days_recomputed AS
SELECT c.tenant_id, c.influencer_id, c.campaign_id, c.brand_id,
       (o.placed_at AT TIME ZONE 'America/Bogota')::date AS day,
       coalesce(sum(CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                         ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END)
                FILTER (WHERE c.state <> 'reverted'), 0) AS eligible_sales,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.state = 'estimated' AND NOT c.on_hold), 0)
           AS estimated_free,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.state = 'estimated' AND c.on_hold), 0)
           AS estimated_held,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.state = 'confirmed'), 0) AS confirmed,
       coalesce(sum(c.commission_amount - c.reverted_amount) FILTER (WHERE c.on_hold), 0) AS on_hold,
       coalesce(sum(c.reverted_amount), 0) AS reverted
  FROM commissions c
  JOIN orders o ON o.id = c.order_id AND o.attributed
 GROUP BY 1, 2, 3, 4, 5;

-- The statement that writes the deltas of `changes` (sign and the commission columns the rollup
-- reads), generated into each trigger function as static SQL (prepared once per connection,
-- like ADR 0074's).
CREATE FUNCTION pg_temp.dashboard_placed_days_write_sql(changes TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
WITH changed AS (%s),
contribution AS (
    SELECT ch.sign, ch.tenant_id, ch.influencer_id, ch.campaign_id, ch.brand_id,
           (o.placed_at AT TIME ZONE 'America/Bogota')::date AS day,
           ch.state, ch.on_hold, ch.commission_amount - ch.reverted_amount AS net, ch.reverted_amount,
           CASE WHEN ch.state = 'reverted' THEN 0
                WHEN ch.commission_amount = 0 THEN ch.eligible_amount
                ELSE ch.eligible_amount * (ch.commission_amount - ch.reverted_amount) / ch.commission_amount END
               AS effective
      FROM changed ch
      JOIN orders o ON o.id = ch.order_id AND o.attributed),
deltas AS (
    SELECT tenant_id, influencer_id, campaign_id, brand_id, day,
           sum(sign * effective) AS eligible_sales,
           sum(sign * CASE WHEN state = 'estimated' AND NOT on_hold THEN net ELSE 0 END) AS estimated_free,
           sum(sign * CASE WHEN state = 'estimated' AND on_hold THEN net ELSE 0 END) AS estimated_held,
           sum(sign * CASE WHEN state = 'confirmed' THEN net ELSE 0 END) AS confirmed,
           sum(sign * CASE WHEN on_hold THEN net ELSE 0 END) AS on_hold,
           sum(sign * reverted_amount) AS reverted
      FROM contribution
     GROUP BY tenant_id, influencer_id, campaign_id, brand_id, day)
INSERT INTO dashboard_placed_days AS d
       (tenant_id, influencer_id, campaign_id, brand_id, day, eligible_sales, estimated_free,
        estimated_held, confirmed, on_hold, reverted)
SELECT * FROM deltas
 WHERE (eligible_sales, estimated_free, estimated_held, confirmed, on_hold, reverted) <> (0, 0, 0, 0, 0, 0)
 ORDER BY influencer_id, day, campaign_id, brand_id
ON CONFLICT (influencer_id, day, campaign_id, brand_id) DO UPDATE
   SET eligible_sales = d.eligible_sales + EXCLUDED.eligible_sales,
       estimated_free = d.estimated_free + EXCLUDED.estimated_free,
       estimated_held = d.estimated_held + EXCLUDED.estimated_held,
       confirmed = d.confirmed + EXCLUDED.confirmed,
       on_hold = d.on_hold + EXCLUDED.on_hold,
       reverted = d.reverted + EXCLUDED.reverted
$sql$, changes)
$fn$;

DO $do$
DECLARE
    columns CONSTANT TEXT := 'tenant_id, influencer_id, campaign_id, brand_id, order_id, state, '
        'on_hold, commission_amount, reverted_amount, eligible_amount';
    op RECORD;
BEGIN
    FOR op IN
        SELECT * FROM (VALUES
            ('insert', format('SELECT 1 AS sign, %s FROM new_rows', columns)),
            ('delete', format('SELECT -1 AS sign, %s FROM old_rows', columns)),
            ('update', format('SELECT -1 AS sign, %1$s FROM old_rows UNION ALL SELECT 1, %1$s FROM new_rows', columns))
        ) AS v (name, changes)
    LOOP
        EXECUTE format(
            'CREATE FUNCTION dashboard_placed_days_on_commission_%s() RETURNS trigger LANGUAGE plpgsql AS %L',
            op.name,
            format(E'BEGIN\n%s;\nRETURN NULL;\nEND;', pg_temp.dashboard_placed_days_write_sql(op.changes)));
    END LOOP;
END;
$do$;

CREATE TRIGGER commissions_dashboard_placed_days_insert AFTER INSERT ON commissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_placed_days_on_commission_insert();
CREATE TRIGGER commissions_dashboard_placed_days_delete AFTER DELETE ON commissions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_placed_days_on_commission_delete();
CREATE TRIGGER commissions_dashboard_placed_days_update AFTER UPDATE ON commissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_placed_days_on_commission_update();

-- An order whose placement day changes, or whose attribution flips, moves its commission's
-- contribution (attribution is frozen at placement, so in practice only a corrected
-- `placed_at`; both are handled). A row trigger: it fires only when one of those columns moves.
CREATE FUNCTION dashboard_placed_days_on_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboard_placed_days AS d
           (tenant_id, influencer_id, campaign_id, brand_id, day, eligible_sales, estimated_free,
            estimated_held, confirmed, on_hold, reverted)
    SELECT c.tenant_id, c.influencer_id, c.campaign_id, c.brand_id, v.day,
           v.sign * CASE WHEN c.state = 'reverted' THEN 0
                         WHEN c.commission_amount = 0 THEN c.eligible_amount
                         ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END,
           v.sign * CASE WHEN c.state = 'estimated' AND NOT c.on_hold THEN c.net_amount ELSE 0 END,
           v.sign * CASE WHEN c.state = 'estimated' AND c.on_hold THEN c.net_amount ELSE 0 END,
           v.sign * CASE WHEN c.state = 'confirmed' THEN c.net_amount ELSE 0 END,
           v.sign * CASE WHEN c.on_hold THEN c.net_amount ELSE 0 END,
           v.sign * c.reverted_amount
      FROM commissions c,
           (VALUES (-1, (OLD.placed_at AT TIME ZONE 'America/Bogota')::date, OLD.attributed),
                   (1, (NEW.placed_at AT TIME ZONE 'America/Bogota')::date, NEW.attributed)) AS v (sign, day, counted)
     WHERE c.order_id = NEW.id AND v.counted
     ORDER BY c.influencer_id, v.day
    ON CONFLICT (influencer_id, day, campaign_id, brand_id) DO UPDATE
       SET eligible_sales = d.eligible_sales + EXCLUDED.eligible_sales,
           estimated_free = d.estimated_free + EXCLUDED.estimated_free,
           estimated_held = d.estimated_held + EXCLUDED.estimated_held,
           confirmed = d.confirmed + EXCLUDED.confirmed,
           on_hold = d.on_hold + EXCLUDED.on_hold,
           reverted = d.reverted + EXCLUDED.reverted;
    RETURN NULL;
END;
$$;

CREATE TRIGGER orders_dashboard_placed_days AFTER UPDATE OF placed_at, attributed ON orders
    FOR EACH ROW
    WHEN ((OLD.placed_at AT TIME ZONE 'America/Bogota')::date IS DISTINCT FROM (NEW.placed_at AT TIME ZONE 'America/Bogota')::date
          OR OLD.attributed IS DISTINCT FROM NEW.attributed)
    EXECUTE FUNCTION dashboard_placed_days_on_order();

-- A fix to ADR 0059's month trigger: an order moved to another day of the same month wrote its
-- old and new month (the same row) in one upsert, which PostgreSQL refuses ("cannot affect row a
-- second time"), so correcting a `placed_at` within a month failed. Within a month nothing moves.
CREATE OR REPLACE FUNCTION dashboard_rollups_on_order_placed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    c commissions;
    old_month DATE := date_trunc('month', OLD.placed_at AT TIME ZONE 'America/Bogota')::date;
    new_month DATE := date_trunc('month', NEW.placed_at AT TIME ZONE 'America/Bogota')::date;
BEGIN
    IF old_month = new_month THEN
        RETURN NULL;
    END IF;
    SELECT * INTO c FROM commissions WHERE order_id = NEW.id;
    IF FOUND AND c.state <> 'reverted' THEN
        INSERT INTO dashboard_months AS m (tenant_id, influencer_id, brand_id, month, eligible_sales)
        SELECT c.tenant_id, c.influencer_id, c.brand_id, month, amount
          FROM (VALUES (old_month, -1), (new_month, 1)) AS v (month, sign),
               LATERAL (SELECT v.sign * CASE WHEN c.commission_amount = 0 THEN c.eligible_amount
                                         ELSE c.eligible_amount * (c.commission_amount - c.reverted_amount) / c.commission_amount END
                        AS amount) a
        ON CONFLICT (influencer_id, brand_id, month) DO UPDATE
           SET eligible_sales = m.eligible_sales + EXCLUDED.eligible_sales;
    END IF;
    RETURN NULL;
END;
$$;

-- Backfill from the rows that exist.
INSERT INTO dashboard_placed_days
SELECT * FROM dashboard_placed_days_recomputed
 WHERE (eligible_sales, estimated_free, estimated_held, confirmed, on_hold, reverted) <> (0, 0, 0, 0, 0, 0);
