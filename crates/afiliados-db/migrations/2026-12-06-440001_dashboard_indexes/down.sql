DROP INDEX IF EXISTS commissions_tenant_on_hold_idx;
DROP INDEX IF EXISTS commissions_influencer_confirmed_idx;
