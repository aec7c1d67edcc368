#!/usr/bin/env bash
# Crate boundaries that show the architecture (architecture.md §2.2). Fails when:
# - the web links diesel, the database crate, the jobs crate, apalis or the JWT library — in its
#   normal or its dev-dependencies;
# - the worker links the api, diesel or the database crates — in its normal or its
#   dev-dependencies (its tests use a stand-in api; stories with the real api live in afiliados-e2e);
# - a service's production build links the test harness (afiliados-testkit);
# - the smoke tool links a service, diesel, the database crates or the test kit;
# - the lockfile carries two versions of opentelemetry, redis or tokio (two lines do not share
#   context or connections), or of http beyond the 0.2 line that only actix uses (ADR 0007).
#
# `cargo tree -e normal,dev -p X` lists X's own dev-dependencies but not those of X's
# dependencies, which is the question asked here: what X's builds and tests link.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() { # package edges pattern description
  local found
  found=$(cargo tree -e "$2" -p "$1" --prefix none --format '{p}' 2>/dev/null | grep -E "$3" | sort -u || true)
  if [ -n "$found" ]; then
    echo "check-deps: $1 ($2) must not link $4:"; echo "$found" | sed 's/^/  /'; fail=1
  fi
}
check afiliados-web normal,dev '^(diesel|diesel-async|afiliados-db|afiliados-db-test|afiliados-jobs|apalis|apalis-redis|jsonwebtoken|afiliados-auth) ' 'diesel, the jobs crate or the JWT keys'
check afiliados-worker normal,dev '^(afiliados-api|diesel|diesel-async|afiliados-db|afiliados-db-test|afiliados-auth) ' 'the api, diesel or the database crates'
# The smoke tool is an operator's HTTP client (ADR 0064): no database, no api internals.
check afiliados-smoke normal '^(afiliados-api|afiliados-web|afiliados-worker|diesel|diesel-async|afiliados-db|afiliados-db-test|afiliados-testkit) ' 'the services, diesel, the database crates or the test kit'
for service in afiliados-api afiliados-web afiliados-worker; do
  check "$service" normal '^afiliados-testkit ' 'the test harness'
done

dupes=$(cargo tree -d -e normal --prefix none --format '{p}' 2>/dev/null | grep -E '^(opentelemetry|opentelemetry_sdk|redis|tokio) v' | sort -u || true)
if [ -n "$dupes" ]; then
  names=$(echo "$dupes" | awk '{print $1, $2}' | sort -u | awk '{print $1}' | uniq -d)
  if [ -n "$names" ]; then echo "check-deps: two versions of: $names"; fail=1; fi
fi

# http: one 1.x version, plus 0.2 only as long as nothing but actix needs it (ADR 0007).
http_versions=$(cargo tree -e normal --prefix none --format '{p}' 2>/dev/null | grep -E '^http v' | awk '{print $2}' | sort -u || true)
ones=$(echo "$http_versions" | grep -c '^v1\.' || true)
if [ "$ones" -gt 1 ]; then
  echo "check-deps: two versions of http 1:"; echo "$http_versions" | sed 's/^/  /'; fail=1
fi
for old in $(echo "$http_versions" | grep '^v0\.' || true); do
  users=$(cargo tree -e normal -i "http@${old#v}" --depth 1 --prefix none --format '{p}' 2>/dev/null | grep -v '^http ' | sort -u || true)
  others=$(echo "$users" | grep -vE '^actix-' | grep -v '^$' || true)
  if [ -n "$others" ]; then
    echo "check-deps: http $old is used beyond actix (ADR 0007):"; echo "$others" | sed 's/^/  /'; fail=1
  fi
done

[ "$fail" = 0 ] && echo "check-deps: ok (web: no diesel/jobs/JWT; worker, tests included: no api/diesel/db; smoke: HTTP only; no service links the test kit; one opentelemetry, redis, tokio and http 1; http 0.2 only under actix)"
exit "$fail"
