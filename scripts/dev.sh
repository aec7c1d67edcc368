#!/usr/bin/env bash
# `make dev`: everything a newcomer needs, in one command and without Docker. Starts PostgreSQL,
# Redis and the SMTP sink when they are not running, creates and migrates the dev database, seeds
# the demo users, runs the api, the VTEX sandbox, the worker (pointed at the sandbox) and the web,
# then places the demo orders through the sandbox and runs a settlement (`seed dev-orders`,
# ADR 0043), and prints the URLs and sign-in details. Ctrl-C stops the four processes (the
# databases and the sink keep running).
#
#   scripts/dev.sh                 the whole platform
#   scripts/dev.sh --migrate-only  create and migrate the dev database, then exit
#
# A second instance can run beside the first with its own database, ports and queue namespace:
#   DEV_DATABASE_NAME=afiliados_dev_b PORT=8180 WEB_PORT=3100 VTEX_SANDBOX_PORT=4810 \
#   WORKER_METRICS_PORT=9565 QUEUE_NAMESPACE=dev-b scripts/dev.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export APP_ENV=development
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/afiliados-target}"
DB_NAME="${DEV_DATABASE_NAME:-afiliados_dev}"
# Two roles (ADR 0023): the owner migrates, the api serves as a member of afiliados_runtime.
export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL:-postgres://afiliados_owner:afiliados_owner@127.0.0.1:5432/$DB_NAME}"
export DATABASE_URL="${DATABASE_URL:-postgres://afiliados_app:afiliados_app@127.0.0.1:5432/$DB_NAME}"
# The worker's backups read as the read-only role (ADR 0061); the dev worker is the cron replica,
# so it also takes the start-up backup and one every BACKUP_INTERVAL_MS into .dev/storage/backups.
export BACKUP_DATABASE_URL="${BACKUP_DATABASE_URL:-postgres://afiliados_backup:afiliados_backup@127.0.0.1:5432/$DB_NAME}"
export WORKER_ENABLE_CRON="${WORKER_ENABLE_CRON:-true}"
LOG_DIR=.dev/logs
BIN="$CARGO_TARGET_DIR/debug"
SANDBOX_PORT="${VTEX_SANDBOX_PORT:-4710}"
SANDBOX_URL="http://127.0.0.1:$SANDBOX_PORT"
# Every process of this instance agrees on the ports below, so another instance with other values
# (and its own QUEUE_NAMESPACE: the Redis queues are shared otherwise) can run beside it.
export PORT="${PORT:-8080}"
export WEB_PORT="${WEB_PORT:-3000}"
export WORKER_METRICS_PORT="${WORKER_METRICS_PORT:-9465}"
export QUEUE_NAMESPACE="${QUEUE_NAMESPACE:-}"
API_URL="http://127.0.0.1:$PORT"
export WORKER_API_BASE_URL="${WORKER_API_BASE_URL:-$API_URL}"
export WEB_API_BASE_URL="${WEB_API_BASE_URL:-$API_URL}"
export WEB_PUBLIC_URL="${WEB_PUBLIC_URL:-http://127.0.0.1:$WEB_PORT}"
export API_PUBLIC_URL="${API_PUBLIC_URL:-$API_URL}"
# One webhook secret for both ends: the api verifies `x-vtex-hmac-sha256` with VTEX_WEBHOOK_SECRET
# and the sandbox signs the hooks it posts to the api with VTEX_SANDBOX_WEBHOOK_SECRET (vtex.md §2.2).
export VTEX_WEBHOOK_SECRET="${VTEX_WEBHOOK_SECRET:-dev-vtex-webhook-secret}"
export VTEX_SANDBOX_WEBHOOK_SECRET="$VTEX_WEBHOOK_SECRET"

step() { printf '\n==> [%s/%s] %s\n' "$1" "$2" "$3"; }
TOTAL=7
[ "${1:-}" = "--migrate-only" ] && TOTAL=3

step 1 "$TOTAL" "PostgreSQL, Redis and the SMTP sink"
scripts/ensure-services.sh

step 2 "$TOTAL" "building api, worker, web and the VTEX sandbox (first build takes a few minutes)"
# Every target of the workspace: exactly the features `make test` (nextest --workspace) builds, so
# the two share the build cache. Four `-p` flags, or even `--workspace --bins` (no dev-dependency
# features, e.g. tokio's), unify features differently and rebuild most dependencies.
cargo build --workspace --all-targets

step 3 "$TOTAL" "database $DB_NAME (owner afiliados_owner, api as afiliados_app)"
scripts/db-roles.sh "$DB_NAME"
"$BIN/afiliados-api" migrate
[ "${1:-}" = "--migrate-only" ] && exit 0

step 4 "$TOTAL" "demo data (seed dev)"
"$BIN/afiliados-api" seed dev

step 5 "$TOTAL" "starting api (:$PORT), VTEX sandbox (:$SANDBOX_PORT), worker (metrics :$WORKER_METRICS_PORT) and web (:$WEB_PORT)"
mkdir -p "$LOG_DIR"
pids=()
cleanup() { echo; echo "stopping…"; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
LOG_FORMAT="${LOG_FORMAT:-pretty}" "$BIN/afiliados-api" serve >"$LOG_DIR/api.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -fs "$API_URL/api/v1/health" >/dev/null && break; sleep 1; done
# The sandbox comes up before the worker, which syncs coupons and promotions and reads orders
# against it with the sandbox's dev credential pair (never a real VTEX in development). Its order
# hooks go to the api's webhook route, signed with the shared secret above.
VTEX_SANDBOX_HOST=127.0.0.1 VTEX_SANDBOX_PORT="$SANDBOX_PORT" LOG_FORMAT="${LOG_FORMAT:-pretty}" \
  VTEX_SANDBOX_HOOK_TARGET="${VTEX_SANDBOX_HOOK_TARGET:-$API_URL/api/v1/vtex/webhooks/orders}" \
  "$BIN/afiliados-vtex-sandbox" >"$LOG_DIR/vtex-sandbox.log" 2>&1 & pids+=($!)
for _ in $(seq 1 30); do curl -fs "$SANDBOX_URL/_sandbox/health" >/dev/null && break; sleep 1; done
VTEX_BASE_URL="${VTEX_BASE_URL:-$SANDBOX_URL}" \
  VTEX_APP_KEY="${VTEX_APP_KEY:-vtexappkey-medipiel-KQZTRB}" VTEX_APP_TOKEN="${VTEX_APP_TOKEN:-dev-token}" \
  LOG_FORMAT="${LOG_FORMAT:-pretty}" "$BIN/afiliados-worker" >"$LOG_DIR/worker.log" 2>&1 & pids+=($!)
LOG_FORMAT="${LOG_FORMAT:-pretty}" "$BIN/afiliados-web" >"$LOG_DIR/web.log" 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$WEB_PORT/health" >/dev/null && break; sleep 1; done

step 6 "$TOTAL" "demo orders through the VTEX sandbox, the webhook and the worker, then a settlement (seed dev-orders)"
# A failure here leaves the platform running without the demo orders (the message says why).
VTEX_SANDBOX_URL="$SANDBOX_URL" "$BIN/afiliados-api" seed dev-orders ||
  echo "warning: seed dev-orders failed (see above and $LOG_DIR/worker.log); the services keep running"

step 7 "$TOTAL" "ready"
cat <<INFO

  web              http://127.0.0.1:$WEB_PORT/login
  api              $API_URL/api/v1/health   (OpenAPI: /api/v1/openapi.json)
  worker metrics   http://127.0.0.1:$WORKER_METRICS_PORT/metrics
  VTEX sandbox     $SANDBOX_URL   (state: $SANDBOX_URL/_sandbox/state)
  e-mail inbox     http://127.0.0.1:${SMTP_WEB_PORT:-8025}         (SMTP on :${SMTP_PORT:-1025})
  logs             $LOG_DIR/{api,vtex-sandbox,worker,web}.log

  Sign in with any demo user and the password ${SEED_PASSWORD:-Changeit!2024}:
    admin@medipiel.co (admin_dentsu)   gestor@medipiel.co (gestor_afiliados)
    finance@medipiel.co (finance)      marca@medipiel.co (admin_marca, Cetaphil)
    auditor@medipiel.co (auditor)      influencer@medipiel.co (influencer)
  Demo orders 9000000001001-01 … 9000000001030-01 (every attribution outcome); influencer@medipiel.co
  has a confirmed Cetaphil balance available for a withdrawal.
  2FA is optional in development; enrol from "Cuenta → Verificación en dos pasos".

  Ctrl-C stops the services.
INFO
wait
