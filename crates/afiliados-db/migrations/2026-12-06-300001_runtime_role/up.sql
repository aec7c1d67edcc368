-- Least privilege in the database (ADR 0023). Migrations run as the owner role (the one that
-- connects with MIGRATION_DATABASE_URL), which owns every object; the api serves as a login role
-- that is a member of `afiliados_runtime`, which owns nothing. Only an owner can ALTER, DROP or
-- DISABLE TRIGGER on a table, so the runtime role cannot undo the append-only triggers; and on an
-- append-only table it holds SELECT and INSERT only, so UPDATE, DELETE and TRUNCATE fail on
-- privileges before the triggers are even reached.

-- Normally created by the DBA (or `make dev`, or the test harness) before the first migration,
-- so the owner role needs no CREATEROLE; created here only when missing and allowed.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'afiliados_runtime') THEN
        CREATE ROLE afiliados_runtime NOLOGIN;
    END IF;
END
$$;

-- Nobody but the owner creates objects (PostgreSQL before 15 lets PUBLIC create in `public`).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO afiliados_runtime;

-- Grants the runtime role what it may do on every table of `public`: SELECT and INSERT on a
-- table guarded by the append-only trigger (`reject_append_only_change`), SELECT only on the
-- migrations bookkeeping, SELECT/INSERT/UPDATE/DELETE elsewhere. Idempotent; every migration
-- that creates a table ends with `SELECT afiliados_grant_runtime();`.
CREATE FUNCTION afiliados_grant_runtime() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.oid::regclass AS rel,
               c.relname = '__diesel_schema_migrations' AS bookkeeping,
               EXISTS (SELECT 1 FROM pg_trigger tg
                       WHERE tg.tgrelid = c.oid
                         AND tg.tgfoid = 'reject_append_only_change'::regproc) AS append_only
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
    LOOP
        EXECUTE format('REVOKE ALL ON TABLE %s FROM afiliados_runtime', t.rel);
        IF t.bookkeeping THEN
            EXECUTE format('GRANT SELECT ON TABLE %s TO afiliados_runtime', t.rel);
        ELSIF t.append_only THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE %s TO afiliados_runtime', t.rel);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE %s TO afiliados_runtime', t.rel);
        END IF;
    END LOOP;
    EXECUTE 'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO afiliados_runtime';
END;
$$;

-- Makes `tbl` append-only: the triggers that refuse UPDATE, DELETE and TRUNCATE whatever role
-- issues them, and SELECT + INSERT only for the runtime role. The one call a migration makes for
-- an append-only table (ledger entries, commission transitions, withdrawal events, …):
--     SELECT afiliados_append_only('ledger_entries');
CREATE FUNCTION afiliados_append_only(tbl regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND tgname = name || '_append_only') THEN
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION reject_append_only_change()',
                       name || '_append_only', tbl);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = tbl AND tgname = name || '_no_truncate') THEN
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION reject_append_only_change()',
                       name || '_no_truncate', tbl);
    END IF;
    EXECUTE format('REVOKE ALL ON TABLE %s FROM afiliados_runtime', tbl);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE %s TO afiliados_runtime', tbl);
END;
$$;

-- Only the owner changes grants or triggers.
REVOKE EXECUTE ON FUNCTION afiliados_grant_runtime() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION afiliados_append_only(regclass) FROM PUBLIC;

-- A table a later migration creates is usable by the api at once (SELECT/INSERT/UPDATE/DELETE)
-- even if that migration forgets `afiliados_grant_runtime()`; an append-only one still needs its
-- `afiliados_append_only(…)` call, which a test checks for every trigger-guarded table.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO afiliados_runtime;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO afiliados_runtime;

SELECT afiliados_append_only('audit_log');
SELECT afiliados_append_only('status_history');
SELECT afiliados_grant_runtime();
