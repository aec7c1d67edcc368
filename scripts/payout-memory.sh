#!/usr/bin/env bash
# The api's peak resident memory (VmHWM) around one payout batch, at several batch sizes (issue 11,
# ADR 0081): read before the batch, after `POST /payments/batches` (CSV sealed and stored), after
# the CSV download and after `POST …/pay`. Memory only: no load generator, no pgbench, no server
# setting touched. Every size runs on a fresh api process and its own database copied from one
# seeded template (<prefix>_seed, <prefix>_<size>), so the figures of two sizes compare.
#
#   PAYOUT_SIZES="1000 10000" PAYOUT_DB_PREFIX=afiliados_paymem scripts/payout-memory.sh
#
# BENCH_BIN (default $CARGO_TARGET_DIR/release) picks the binaries, which must be built already;
# PAYOUT_API_PORT (18380) the port.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/afiliados-target}"
BIN="${BENCH_BIN:-$CARGO_TARGET_DIR/release}"
SIZES="${PAYOUT_SIZES:-1000 10000}"
DB_PREFIX="${PAYOUT_DB_PREFIX:-afiliados_paymem}"
[[ "$DB_PREFIX" =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "bad PAYOUT_DB_PREFIX $DB_PREFIX" >&2; exit 2; }
WORK="$(mktemp -d /tmp/afiliados-payout-memory.XXXXXX)"
echo "work files and api logs: $WORK"

export APP_ENV=development LOG_FORMAT=json API_LOG_LEVEL=warn
export PORT="${PAYOUT_API_PORT:-18380}"
export STORAGE_BACKEND=local STORAGE_LOCAL_DIR="$WORK/storage"
export VTEX_BASE_URL="http://127.0.0.1:9" VTEX_APP_KEY=vtexappkey-medipiel-KQZTRB VTEX_APP_TOKEN=dev-token
export INTERNAL_API_TOKEN=bench-internal-token-0123456789abcdefghij
export VTEX_WEBHOOK_AUTH=hmac VTEX_WEBHOOK_SECRET=bench-vtex-webhook-secret-0123456789
export RATE_LIMIT_LOGIN_PER_MIN=100000 RATE_LIMIT_DEFAULT_PER_MIN=10000000
API="http://127.0.0.1:$PORT/api/v1"
owner_url() { echo "postgres://afiliados_owner:afiliados_owner@127.0.0.1:5432/$1"; }
app_url() { echo "postgres://afiliados_app:afiliados_app@127.0.0.1:5432/$1"; }
psql_admin() { PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
hwm_mib() { awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

api_pid=""
cleanup() { [ -n "$api_pid" ] && kill "$api_pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_http() { for _ in $(seq 1 120); do curl -fs "$1" >/dev/null && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }
sign_in() {
  curl -fs -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"${SEED_PASSWORD:-Changeit!2024}\"}" "$API/auth/login" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])'
}

[ -x "$BIN/afiliados-api" ] || { echo "missing $BIN/afiliados-api (build it first)" >&2; exit 1; }
scripts/db-roles.sh "${DB_PREFIX}_seed" --recreate >/dev/null
DATABASE_URL="$(app_url "${DB_PREFIX}_seed")" MIGRATION_DATABASE_URL="$(owner_url "${DB_PREFIX}_seed")" \
  "$BIN/afiliados-api" migrate >/dev/null
DATABASE_URL="$(app_url "${DB_PREFIX}_seed")" "$BIN/afiliados-api" seed dev >"$WORK/seed.log"

printf '%-8s %-10s %-14s %-14s %-12s %s\n' size before "after create" "after CSV" "after pay" "(VmHWM MiB; create / CSV / pay seconds, CSV and pay body bytes)"
for size in $SIZES; do
  db="${DB_PREFIX}_$size"
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  psql_admin -d postgres -c "CREATE DATABASE $db TEMPLATE ${DB_PREFIX}_seed OWNER afiliados_owner"
  DATABASE_URL="$(app_url "$db")" "$BIN/afiliados-api" bench-payouts --withdrawals "$size" >"$WORK/bench-payouts-$size.log"
  DATABASE_URL="$(app_url "$db")" MIGRATION_DATABASE_URL="$(owner_url "$db")" QUEUE_NAMESPACE="paymem-$$-$size:" \
    "$BIN/afiliados-api" serve >"$WORK/api-$size.log" 2>&1 &
  api_pid=$!
  wait_http "$API/health"
  finance=$(sign_in finance@medipiel.co)
  before=$(hwm_mib "$api_pid")
  create=$(curl -s -o "$WORK/batch-$size.json" -w '%{http_code} %{time_total}' --max-time 600 \
    -H "authorization: Bearer $finance" -H 'content-type: application/json' -d '{}' "$API/payments/batches")
  created=$(hwm_mib "$api_pid")
  batch_id=$(python3 -c "import json; print(json.load(open('$WORK/batch-$size.json'))['id'])")
  csv=$(curl -s -D "$WORK/csv-$size.headers" -o "$WORK/payout-$size.csv" -w '%{http_code} %{time_total}' --max-time 600 \
    -H "authorization: Bearer $finance" "$API/payments/batches/$batch_id/export.csv")
  downloaded=$(hwm_mib "$api_pid")
  header_sha=$(awk -F': ' 'tolower($1) == "x-content-sha256" { gsub("\r", "", $2); print $2 }' "$WORK/csv-$size.headers")
  file_sha=$(sha256sum "$WORK/payout-$size.csv" | cut -d' ' -f1)
  rows=$(python3 -c "
import csv, io
text = open('$WORK/payout-$size.csv', encoding='utf-8-sig', newline='').read()
print(len(list(csv.reader(io.StringIO(text, newline='')))) - 1)")
  pay=$(curl -s -o "$WORK/batch-paid-$size.json" -w '%{http_code} %{time_total}' --max-time 600 \
    -H "authorization: Bearer $finance" -H 'content-type: application/json' \
    -d "{\"paymentDate\":\"$(TZ=America/Bogota date +%Y-%m-%d)\",\"method\":\"bank_transfer\",\"reference\":\"MEM-$$\"}" \
    "$API/payments/batches/$batch_id/pay")
  paid=$(hwm_mib "$api_pid")
  payments=$(python3 -c "import json; print(len(json.load(open('$WORK/batch-paid-$size.json'))['payments']))" 2>/dev/null || echo "?")
  kill "$api_pid"; wait "$api_pid" 2>/dev/null || true; api_pid=""
  printf '%-8s %-10s %-14s %-14s %-12s create %s, CSV %s (%s rows, %s bytes, sha %s), pay %s (%s payments, %s bytes)\n' \
    "$size" "$before" "$created" "$downloaded" "$paid" "$create" "$csv" "$rows" "$(stat -c %s "$WORK/payout-$size.csv")" \
    "$( [ "$header_sha" = "$file_sha" ] && echo ok || echo MISMATCH)" "$pay" "$payments" "$(stat -c %s "$WORK/batch-paid-$size.json")"
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
psql_admin -d postgres -c "DROP DATABASE IF EXISTS ${DB_PREFIX}_seed WITH (FORCE)"
redis-cli -h 127.0.0.1 --scan --pattern "paymem-$$-*" | xargs -r -n 500 redis-cli -h 127.0.0.1 DEL >/dev/null || true
