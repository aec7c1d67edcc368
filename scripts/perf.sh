#!/usr/bin/env bash
# `make perf`: measures what docs/performance.md reports — sign-in latency with the configured
# argon2id parameters, and the idle resident memory of the api, the worker and the web — on release
# builds against the local PostgreSQL and Redis — then the onboarding measurements of
# scripts/perf_onboarding.py (registration, influencer list, assignment, coupon sync throughput
# against the VTEX sandbox). Prints small tables; changes nothing but its own database.
#
# Sign-ins: PERF_LOGINS sequential ones, then a burst of PERF_BURST concurrent ones, sampling the
# api's resident memory during the burst (ADR 0026: the argon2 pool bounds it; a sign-in beyond
# the bound answers 503 + Retry-After and the burst client retries after it, as a browser would).
#
#   scripts/perf.sh            200 sign-ins, a burst of 50, 200 registrations
#                              (PERF_LOGINS, PERF_BURST, PERF_REGISTRATIONS; PERF_SKIP_ONBOARDING=1
#                              builds and starts only the api and stops after the sign-ins)
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
LOGINS="${PERF_LOGINS:-200}"
BURST="${PERF_BURST:-50}"
REGISTRATIONS="${PERF_REGISTRATIONS:-200}"
BIN="$CARGO_TARGET_DIR/release"

scripts/ensure-services.sh >/dev/null
ONLY_API="${PERF_SKIP_ONBOARDING:-0}"
echo "[1/7] release build"
if [ "$ONLY_API" = 1 ]; then
  cargo build --release -q -p afiliados-api
else
  cargo build --release -q -p afiliados-api -p afiliados-worker -p afiliados-web -p afiliados-vtex-sandbox
fi
echo "[2/7] database afiliados_perf"
scripts/db-roles.sh afiliados_perf --recreate >/dev/null
"$BIN/afiliados-api" migrate >/dev/null
"$BIN/afiliados-api" seed dev >/dev/null

echo "[3/7] starting the services"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
"$BIN/afiliados-api" serve >/tmp/afiliados-perf-api.log 2>&1 & pids+=($!); api=$!
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null && break; sleep 0.5; done
if [ "$ONLY_API" = 1 ]; then
  worker=$api web=$api
else
VTEX_SANDBOX_HOST=127.0.0.1 "$BIN/afiliados-vtex-sandbox" >/tmp/afiliados-perf-sandbox.log 2>&1 & pids+=($!)
for _ in $(seq 1 30); do curl -fs "$VTEX_BASE_URL/_sandbox/health" >/dev/null && break; sleep 0.5; done
"$BIN/afiliados-worker" >/tmp/afiliados-perf-worker.log 2>&1 & pids+=($!); worker=$!
"$BIN/afiliados-web" >/tmp/afiliados-perf-web.log 2>&1 & pids+=($!); web=$!
fi
sleep 5

rss() { awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' "/proc/$1/status"; }
echo "[4/7] idle memory"
if [ "$ONLY_API" = 1 ]; then
  printf '  api     %s\n' "$(rss "$api")"
else
  printf '  api     %s\n  worker  %s\n  web     %s\n' "$(rss "$api")" "$(rss "$worker")" "$(rss "$web")"
fi

echo "[5/7] $LOGINS sequential sign-ins (argon2id m=${ARGON2_MEMORY_KIB:-19456} KiB, t=${ARGON2_ITERATIONS:-2}, p=${ARGON2_PARALLELISM:-1})"
times=()
for i in $(seq 1 "$LOGINS"); do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H 'content-type: application/json' \
      -H "x-forwarded-for: 10.9.$((i / 250)).$((i % 250 + 1))" \
      -d '{"email":"admin@medipiel.co","password":"Changeit!2024"}' "http://127.0.0.1:$PORT/api/v1/auth/login")
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1*1000} END {printf "  p50 %.1f ms   p95 %.1f ms   max %.1f ms\n", a[int(NR*0.5)], a[int(NR*0.95)], a[NR]}'
echo "  api after sign-ins: $(rss "$api")"

echo "[6/7] burst: $BURST concurrent sign-ins (ARGON2_MEMORY_BUDGET_MIB=${ARGON2_MEMORY_BUDGET_MIB:-64})"
burst_dir=$(mktemp -d)
# Samples VmRSS every 10 ms until the burst is over and keeps the peak.
(
  peak=0
  while [ ! -e "$burst_dir/over" ]; do
    now=$(awk '/VmRSS/ {print $2}' "/proc/$api/status")
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.01
  done
  echo "$peak" >"$burst_dir/peak"
) &
sampler=$!
burst_pids=()
for i in $(seq 1 "$BURST"); do
  (
    # One client: on 503 it waits Retry-After and tries again (at most 20 times).
    started=$(date +%s.%N); busy=0
    for _ in $(seq 1 20); do
      out=$(curl -s -o /dev/null -D - -w '%{http_code}' -H 'content-type: application/json' \
          -H "x-forwarded-for: 10.8.$((i / 250)).$((i % 250 + 1))" \
          -d '{"email":"admin@medipiel.co","password":"Changeit!2024"}' "http://127.0.0.1:$PORT/api/v1/auth/login")
      code=${out: -3}
      [ "$code" != 503 ] && break
      busy=$((busy + 1))
      wait_s=$(printf '%s' "$out" | tr -d '\r' | awk -F': ' 'tolower($1) == "retry-after" {print $2}')
      sleep "${wait_s:-1}"
    done
    echo "$code $busy $(echo "$(date +%s.%N) - $started" | bc)" >"$burst_dir/client-$i"
  ) &
  burst_pids+=($!)
done
wait "${burst_pids[@]}"
touch "$burst_dir/over"
wait "$sampler"
cat "$burst_dir"/client-* | awk -v peak="$(cat "$burst_dir/peak")" '
  { status[$1]++; busy += $2; if ($2 > 0) retried++; if ($3 > slowest) slowest = $3 }
  END {
    for (s in status) printf "  status %s: %d\n", s, status[s]
    printf "  503 answers: %d (clients that waited: %d), slowest client %.2f s\n", busy, retried, slowest
    printf "  api peak during the burst: %.1f MiB\n", peak / 1024
  }'
echo "  api after the burst: $(rss "$api")"
rm -rf "$burst_dir"

if [ "${PERF_SKIP_ONBOARDING:-0}" = 1 ]; then
  exit 0
fi

echo "[7/7] onboarding: $REGISTRATIONS registrations, list queries, 100 assignments and their coupon syncs"
python3 scripts/perf_onboarding.py "http://127.0.0.1:$PORT" "$VTEX_BASE_URL" "$REGISTRATIONS"
echo "  api after onboarding: $(rss "$api")   worker: $(rss "$worker")"
