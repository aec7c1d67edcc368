-- ADR 0074: the dashboard rollups (ADR 0059, migration 2026-12-06-600050) are kept by
-- statement-level triggers with transition tables instead of row triggers. A row trigger ran
-- up to eight upserts per changed commission: a settlement confirming 1 000 000 commissions ran
-- ~8 000 000 statements and left ~1 000 000 dead versions in 1 000-row rollup tables (the
-- admin dashboard then read through them). Per statement, the changed rows are summed per
-- influencer × brand (× day or month) first, so each rollup row is written once per statement,
-- whatever the number of commissions it carries. A per-order ingestion (one row) costs about
-- what it did.
--
-- Each changed row contributes its old version negatively and its new version positively, so an
-- update that moves nothing the rollups read sums to zero and writes nothing (the HAVING
-- clauses); all-zero rows count as absent everywhere (`rollup_drift`). Rows are upserted in key
-- order, so two statements never wait on each other's rollup rows in opposite orders.

DROP TRIGGER commissions_dashboard_rollups_update ON commissions;
DROP TRIGGER commissions_dashboard_rollups_delete ON commissions;
DROP TRIGGER commissions_dashboard_rollups_insert ON commissions;
DROP FUNCTION dashboard_rollups_on_commission();
DROP FUNCTION dashboard_rollups_apply(commissions, INT);

-- The statement that writes the rollup deltas of `changes` (sign, tenant, influencer, brand,
-- order, state, amounts, confirmed_at), built once here for the three trigger functions below,
-- which differ only in where `changes` comes from. It is generated into each function's body as
-- static SQL, so PL/pgSQL prepares it once per connection (an `EXECUTE` would plan it at every
-- firing: ~3 ms per order ingestion). The generator lives in `pg_temp` and goes with the
-- migration's session.
CREATE FUNCTION pg_temp.dashboard_rollups_write_sql(changes TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $fn$
SELECT format($sql$
WITH changed AS (%s),
contribution AS (
    SELECT sign, tenant_id, influencer_id, brand_id, order_id, state, confirmed_at,
           commission_amount - reverted_amount AS net, reverted_amount,
           CASE WHEN state = 'reverted' THEN 0
                WHEN commission_amount = 0 THEN eligible_amount
                ELSE eligible_amount * (commission_amount - reverted_amount) / commission_amount END AS effective,
           CASE WHEN state = 'reverted' THEN 0 ELSE 1 END AS standing
      FROM changed),
totals AS (
    INSERT INTO dashboard_totals AS t
           (tenant_id, influencer_id, brand_id, estimated, confirmed, reverted, eligible_sales, attributed_orders)
    SELECT tenant_id, influencer_id, brand_id,
           sum(sign * CASE WHEN state = 'estimated' THEN net ELSE 0 END),
           sum(sign * CASE WHEN state = 'confirmed' THEN net ELSE 0 END),
           sum(sign * reverted_amount), sum(sign * effective), sum(sign * standing)
      FROM contribution
     GROUP BY tenant_id, influencer_id, brand_id
    HAVING (sum(sign * CASE WHEN state = 'estimated' THEN net ELSE 0 END),
            sum(sign * CASE WHEN state = 'confirmed' THEN net ELSE 0 END),
            sum(sign * reverted_amount), sum(sign * effective), sum(sign * standing)) <> (0, 0, 0, 0, 0)
     ORDER BY influencer_id, brand_id
    ON CONFLICT (influencer_id, brand_id) DO UPDATE
       SET estimated = t.estimated + EXCLUDED.estimated,
           confirmed = t.confirmed + EXCLUDED.confirmed,
           reverted = t.reverted + EXCLUDED.reverted,
           eligible_sales = t.eligible_sales + EXCLUDED.eligible_sales,
           attributed_orders = t.attributed_orders + EXCLUDED.attributed_orders
    RETURNING 1),
confirmed_days AS (
    SELECT tenant_id, influencer_id, brand_id,
           (confirmed_at AT TIME ZONE 'America/Bogota')::date AS day, sum(sign * net) AS confirmed
      FROM contribution
     WHERE state = 'confirmed' AND confirmed_at IS NOT NULL
     GROUP BY 1, 2, 3, 4
    HAVING sum(sign * net) <> 0),
days AS (
    INSERT INTO dashboard_confirmed_days AS d (tenant_id, influencer_id, brand_id, day, confirmed)
    SELECT * FROM confirmed_days ORDER BY influencer_id, brand_id, day
    ON CONFLICT (influencer_id, brand_id, day) DO UPDATE SET confirmed = d.confirmed + EXCLUDED.confirmed
    RETURNING 1),
-- The eligible sales of an order are filed under its placement month: summed per order first,
-- so only the orders whose contribution changed are looked up (none for a settlement).
eligible AS (
    SELECT e.tenant_id, e.influencer_id, e.brand_id,
           date_trunc('month', o.placed_at AT TIME ZONE 'America/Bogota')::date AS month,
           0::numeric AS confirmed, e.amount AS eligible_sales
      FROM (SELECT tenant_id, influencer_id, brand_id, order_id, sum(sign * effective) AS amount
              FROM contribution GROUP BY 1, 2, 3, 4 HAVING sum(sign * effective) <> 0) e
      JOIN orders o ON o.id = e.order_id),
eligible_parts AS (
    SELECT tenant_id, influencer_id, brand_id, month, sum(confirmed) AS confirmed,
           sum(eligible_sales) AS eligible_sales
      FROM (SELECT tenant_id, influencer_id, brand_id, date_trunc('month', day)::date AS month,
                   confirmed, 0::numeric AS eligible_sales
              FROM confirmed_days
            UNION ALL
            SELECT * FROM eligible) parts
     GROUP BY tenant_id, influencer_id, brand_id, month
    HAVING (sum(confirmed), sum(eligible_sales)) <> (0, 0))
-- The data-modifying CTEs above run whether or not this statement reads them.
INSERT INTO dashboard_months AS m (tenant_id, influencer_id, brand_id, month, confirmed, eligible_sales)
SELECT * FROM eligible_parts ORDER BY influencer_id, brand_id, month
ON CONFLICT (influencer_id, brand_id, month) DO UPDATE
   SET confirmed = m.confirmed + EXCLUDED.confirmed,
       eligible_sales = m.eligible_sales + EXCLUDED.eligible_sales
$sql$, changes)
$fn$;

-- One trigger function per operation; each changed row contributes its old version with −1 and
-- its new version with +1, only the columns the rollups read.
DO $do$
DECLARE
    columns CONSTANT TEXT := 'tenant_id, influencer_id, brand_id, order_id, state, '
        'commission_amount, reverted_amount, eligible_amount, confirmed_at';
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
            'CREATE FUNCTION dashboard_rollups_on_commission_%s() RETURNS trigger LANGUAGE plpgsql AS %L',
            op.name,
            format(E'BEGIN\n%s;\nRETURN NULL;\nEND;', pg_temp.dashboard_rollups_write_sql(op.changes)));
    END LOOP;
END;
$do$;

CREATE TRIGGER commissions_dashboard_rollups_insert AFTER INSERT ON commissions
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollups_on_commission_insert();
CREATE TRIGGER commissions_dashboard_rollups_delete AFTER DELETE ON commissions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollups_on_commission_delete();
CREATE TRIGGER commissions_dashboard_rollups_update AFTER UPDATE ON commissions
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_rollups_on_commission_update();

-- Each commission write updates one row per influencer × brand of these small tables: without
-- frequent vacuuming their dead versions outgrow the live rows by orders of magnitude (seen in
-- the 1 000 000-order benchmark, ADR 0071), and every dashboard read walks them.
ALTER TABLE dashboard_totals SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                  autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE dashboard_months SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
                                  autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE dashboard_confirmed_days SET (autovacuum_vacuum_scale_factor = 0.05,
                                          autovacuum_vacuum_threshold = 5000);
ALTER TABLE influencer_balance SET (autovacuum_vacuum_scale_factor = 0.05,
                                    autovacuum_vacuum_threshold = 5000);
