#!/usr/bin/env bash
# `make perf`: measures what docs/performance.md reports — sign-in latency with the configured
# argon2id parameters, and the idle resident memory of the api, the worker and the web — on release
# builds against the local PostgreSQL and Redis — then the onboarding measurements of
# scripts/perf_onboarding.py (registration, influencer list, assignment, coupon sync throughput
# against the VTEX sandbox). Prints small tables; changes nothing but its own database.
#
#   scripts/perf.sh            50 sign-ins, 200 registrations (PERF_LOGINS, PERF_REGISTRATIONS)
set -euo pipefail
cd "$(dirname "$0")/.."
export APP_ENV=development LOG_FORMAT=json API_LOG_LEVEL=warn WEB_LOG_LEVEL=warn WORKER_LOG_LEVEL=warn
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/afiliados-target}"
export DATABASE_URL=postgres://afiliados_app:afiliados_app@127.0.0.1:5432/afiliados_perf
export MIGRATION_DATABASE_URL=postgres://afiliados_owner:afiliados_owner@127.0.0.1:5432/afiliados_perf
export PORT=18080 WEB_PORT=13000 WORKER_METRICS_PORT=19465 WEB_API_BASE_URL=http://127.0.0.1:18080
export WORKER_API_BASE_URL=http://127.0.0.1:18080
export RATE_LIMIT_LOGIN_PER_MIN=100000 RATE_LIMIT_REGISTRATION_PER_MIN=100000 RATE_LIMIT_DEFAULT_PER_MIN=100000 QUEUE_NAMESPACE="perf-$$:"
export VTEX_SANDBOX_PORT=14710 VTEX_BASE_URL=http://127.0.0.1:14710
export VTEX_APP_KEY=vtexappkey-medipiel-KQZTRB VTEX_APP_TOKEN=dev-token
LOGINS="${PERF_LOGINS:-50}"
REGISTRATIONS="${PERF_REGISTRATIONS:-200}"
BIN="$CARGO_TARGET_DIR/release"

scripts/ensure-services.sh >/dev/null
echo "[1/6] release build"
cargo build --release -q -p afiliados-api -p afiliados-worker -p afiliados-web -p afiliados-vtex-sandbox
echo "[2/6] database afiliados_perf"
scripts/db-roles.sh afiliados_perf --recreate >/dev/null
"$BIN/afiliados-api" migrate >/dev/null
"$BIN/afiliados-api" seed dev >/dev/null

echo "[3/6] starting the services"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
"$BIN/afiliados-api" serve >/tmp/afiliados-perf-api.log 2>&1 & pids+=($!); api=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.5; done
VTEX_SANDBOX_HOST=127.0.0.1 "$BIN/afiliados-vtex-sandbox" >/tmp/afiliados-perf-sandbox.log 2>&1 & pids+=($!)
for _ in $(seq 1 30); do curl -fs "$VTEX_BASE_URL/_sandbox/health" >/dev/null && break; sleep 0.5; done
"$BIN/afiliados-worker" >/tmp/afiliados-perf-worker.log 2>&1 & pids+=($!); worker=$!
"$BIN/afiliados-web" >/tmp/afiliados-perf-web.log 2>&1 & pids+=($!); web=$!
sleep 5

rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$1/status"; }
echo "[4/6] idle memory"
printf '  api     %s\n  worker  %s\n  web     %s\n' "$(rss "$api")" "$(rss "$worker")" "$(rss "$web")"

echo "[5/6] $LOGINS sequential sign-ins (argon2id m=${ARGON2_MEMORY_KIB:-19456} KiB, t=${ARGON2_ITERATIONS:-2}, p=${ARGON2_PARALLELISM:-1})"
times=()
for i in $(seq 1 "$LOGINS"); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H 'content-type: application/json' \
      -H "x-forwarded-for: 10.9.$((i / 250)).$((i % 250 + 1))" \
      -d '{"email":"admin@medipiel.co","password":"Changeit!2024"}' "http://127.0.0.1:$PORT/api/v1/auth/login")
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1*1000} END {printf "  p50 %.1f ms   p95 %.1f ms   max %.1f ms\n", a[int(NR*0.5)], a[int(NR*0.95)], a[NR]}'
echo "  api after sign-ins: $(rss "$api")"

echo "[6/6] onboarding: $REGISTRATIONS registrations, list queries, 100 assignments and their coupon syncs"
python3 scripts/perf_onboarding.py "http://127.0.0.1:$PORT" "$VTEX_BASE_URL" "$REGISTRATIONS"
echo "  api after onboarding: $(rss "$api")   worker: $(rss "$worker")"
