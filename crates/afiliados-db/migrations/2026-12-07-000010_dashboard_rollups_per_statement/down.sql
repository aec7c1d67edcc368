ALTER TABLE influencer_balance RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
ALTER TABLE dashboard_confirmed_days RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold);
ALTER TABLE dashboard_months RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
                                    autovacuum_analyze_scale_factor);
ALTER TABLE dashboard_totals RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold,
                                    autovacuum_analyze_scale_factor);
DROP TRIGGER commissions_dashboard_rollups_update ON commissions;
DROP TRIGGER commissions_dashboard_rollups_delete ON commissions;
DROP TRIGGER commissions_dashboard_rollups_insert ON commissions;
DROP FUNCTION dashboard_rollups_on_commission_update();
DROP FUNCTION dashboard_rollups_on_commission_delete();
DROP FUNCTION dashboard_rollups_on_commission_insert();

-- The row triggers of 2026-12-06-600050_dashboard_rollups.
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
