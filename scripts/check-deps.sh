#!/usr/bin/env bash
# Crate boundaries that show the architecture (architecture.md §2.2): fails when the web links
# diesel, the database crate, the jobs crate, apalis or the JWT library; when the worker links
# diesel or the database crate; or when the lockfile carries two versions of opentelemetry,
# redis or tokio (two lines do not share context or connections).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() { # package pattern description
  local found
  found=$(cargo tree -e normal -p "$1" --prefix none --format '{p}' 2>/dev/null | grep -E "$2" | sort -u || true)
  if [ -n "$found" ]; then
    echo "check-deps: $1 must not link $3:"; echo "$found" | sed 's/^/  /'; fail=1
  fi
}
check afiliados-web '^(diesel|diesel-async|afiliados-db|afiliados-jobs|apalis|apalis-redis|jsonwebtoken|afiliados-auth) ' 'diesel, the jobs crate or the JWT keys'
check afiliados-worker '^(diesel|diesel-async|afiliados-db) ' 'diesel'
dupes=$(cargo tree -d -e normal --prefix none --format '{p}' 2>/dev/null | grep -E '^(opentelemetry|opentelemetry_sdk|redis|tokio) v' | sort -u || true)
if [ -n "$dupes" ]; then
  names=$(echo "$dupes" | awk '{print $1, $2}' | sort -u | awk '{print $1}' | uniq -d)
  if [ -n "$names" ]; then echo "check-deps: two versions of: $names"; fail=1; fi
fi
[ "$fail" = 0 ] && echo "check-deps: ok (web: no diesel/jobs/JWT; worker: no diesel; one opentelemetry, redis and tokio)"
exit "$fail"
