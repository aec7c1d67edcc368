DROP TRIGGER orders_dashboard_placed_days ON orders;
DROP FUNCTION dashboard_placed_days_on_order();
DROP TRIGGER commissions_dashboard_placed_days_update ON commissions;
DROP TRIGGER commissions_dashboard_placed_days_delete ON commissions;
DROP TRIGGER commissions_dashboard_placed_days_insert ON commissions;
DROP FUNCTION dashboard_placed_days_on_commission_update();
DROP FUNCTION dashboard_placed_days_on_commission_delete();
DROP FUNCTION dashboard_placed_days_on_commission_insert();
DROP VIEW dashboard_placed_days_recomputed;
DROP INDEX orders_influencer_period_idx;
DROP TABLE dashboard_placed_days;

-- ADR 0059's month trigger as it was.
CREATE OR REPLACE FUNCTION dashboard_rollups_on_order_placed() RETURNS trigger
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
