DROP INDEX IF EXISTS alerts_tenant_type_key_emailed_idx;
ALTER TABLE alerts DROP COLUMN IF EXISTS last_emailed_at;
