-- The role itself stays: it is cluster-wide and other databases of the cluster may use it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    REVOKE USAGE, SELECT ON SEQUENCES FROM afiliados_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM afiliados_runtime;
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.oid::regclass AS rel
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S')
    LOOP
        EXECUTE format('REVOKE ALL ON %s FROM afiliados_runtime', t.rel);
    END LOOP;
END
$$;
REVOKE USAGE ON SCHEMA public FROM afiliados_runtime;
DROP FUNCTION afiliados_append_only(regclass);
DROP FUNCTION afiliados_grant_runtime();
