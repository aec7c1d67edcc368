#!/usr/bin/env bash
# The two database roles of ADR 0023 for a local database, as `make dev` and `make perf` need
# them (the test harness, crates/afiliados-db-test, creates the same roles):
#   afiliados_owner    LOGIN, runs the migrations and owns every object (MIGRATION_DATABASE_URL)
#   afiliados_runtime  NOLOGIN group the migrations grant to
#   afiliados_app      LOGIN, member of afiliados_runtime, what the api serves with (DATABASE_URL)
#   afiliados_backup   LOGIN, read-only (pg_read_all_data), what the worker's pg_dump reads with
#                      (BACKUP_DATABASE_URL; ADR 0061)
# Creates the database owned by afiliados_owner when missing, and hands a database made before
# the roles existed (owned by postgres) over to afiliados_owner. Passwords are development-only.
#
#   scripts/db-roles.sh <database> [--recreate]
set -euo pipefail
db="${1:?usage: scripts/db-roles.sh <database> [--recreate]}"
[[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "db-roles: bad database name $db" >&2; exit 2; }
psql_admin() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q "$@"; }

psql_admin -d postgres <<'SQL'
SET client_min_messages = warning;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'afiliados_owner') THEN
        CREATE ROLE afiliados_owner LOGIN PASSWORD 'afiliados_owner';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'afiliados_runtime') THEN
        CREATE ROLE afiliados_runtime NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'afiliados_app') THEN
        CREATE ROLE afiliados_app LOGIN PASSWORD 'afiliados_app';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'afiliados_backup') THEN
        CREATE ROLE afiliados_backup LOGIN PASSWORD 'afiliados_backup';
    END IF;
END
$$;
GRANT afiliados_runtime TO afiliados_app;
GRANT pg_read_all_data TO afiliados_backup;
SQL

if [ "${2:-}" = "--recreate" ]; then
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
fi
if ! psql_admin -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
  psql_admin -d postgres -c "CREATE DATABASE $db OWNER afiliados_owner"
  echo "created $db"
  exit 0
fi
# A database migrated before the roles existed: everything in it goes to the owner role.
psql_admin -d postgres -c "ALTER DATABASE $db OWNER TO afiliados_owner"
psql_admin -d "$db" <<'SQL'
DO $$
DECLARE
    o record;
BEGIN
    FOR o IN
        SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
          AND c.relowner <> 'afiliados_owner'::regrole
          AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'a'))
    LOOP
        EXECUTE format('ALTER TABLE %s OWNER TO afiliados_owner', o.rel);
    END LOOP;
    FOR o IN
        SELECT p.oid::regprocedure AS fn FROM pg_proc p
        JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND p.proowner <> 'afiliados_owner'::regrole
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO afiliados_owner', o.fn);
    END LOOP;
END
$$;
SQL
