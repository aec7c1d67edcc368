#!/usr/bin/env bash
# Runs once, when the bundled PostgreSQL initialises its data directory: the roles of ADR 0023.
# afiliados_owner runs the migrations and owns the database; afiliados_app (a member of the
# NOLOGIN group afiliados_runtime, which the migrations grant to) is what the api serves with.
set -euo pipefail
: "${AFILIADOS_OWNER_PASSWORD:?set AFILIADOS_OWNER_PASSWORD in postgres.env}"
: "${AFILIADOS_APP_PASSWORD:?set AFILIADOS_APP_PASSWORD in postgres.env}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v owner_password="$AFILIADOS_OWNER_PASSWORD" -v app_password="$AFILIADOS_APP_PASSWORD" <<'SQL'
CREATE ROLE afiliados_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE afiliados_runtime NOLOGIN;
CREATE ROLE afiliados_app LOGIN PASSWORD :'app_password' IN ROLE afiliados_runtime;
SELECT format('ALTER DATABASE %I OWNER TO afiliados_owner', current_database()) \gexec
SQL
