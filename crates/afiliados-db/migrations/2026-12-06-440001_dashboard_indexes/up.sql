-- Issue 10, dashboards (ADR 0038): the influencer dashboard's monthly chart sums confirmed
-- commissions of one influencer by `confirmed_at` month, and the gestor dashboard sums the held
-- commissions of the tenant; both read a bounded slice through these partial indexes instead of
-- every confirmed (or estimated) commission.
CREATE INDEX commissions_influencer_confirmed_idx ON commissions (influencer_id, confirmed_at)
    WHERE state = 'confirmed';
CREATE INDEX commissions_tenant_on_hold_idx ON commissions (tenant_id) WHERE on_hold;
