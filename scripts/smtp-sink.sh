#!/usr/bin/env bash
# A real SMTP sink with an HTTP inbox for development and tests, without Docker: MailDev from npm,
# installed once outside the repository and reused across runs.
#
#   scripts/smtp-sink.sh [start]   install if missing, start in the background, wait until ready
#   scripts/smtp-sink.sh stop      stop the MailDev this script started
#   scripts/smtp-sink.sh status    exit 0 when SMTP and the inbox answer, 3 otherwise
#
# SMTP listens on 127.0.0.1:${SMTP_PORT:-1025}; the inbox on http://127.0.0.1:${SMTP_WEB_PORT:-8025}
# (GET /email lists every message as JSON, DELETE /email/all empties it, GET /healthz).
# Idempotent: `start` does nothing when the sink already answers. Needs node >= 18 and npm.
set -euo pipefail

SMTP_PORT="${SMTP_PORT:-1025}"
SMTP_WEB_PORT="${SMTP_WEB_PORT:-8025}"
# Pinned: 2.x serves the REST inbox at /email and supports node 18+; 3.x moved it to /api/email
# and some of its dependencies want node 22.
MAILDEV_VERSION="${MAILDEV_VERSION:-2.2.1}"
TOOLS_DIR="${AFILIADOS_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/afiliados-tools}"
RUN_DIR="$TOOLS_DIR/run"
PID_FILE="$RUN_DIR/maildev-$SMTP_PORT.pid"
LOG_FILE="$RUN_DIR/maildev-$SMTP_PORT.log"
MAILDEV_BIN="$TOOLS_DIR/node_modules/maildev/bin/maildev"
START_TIMEOUT_SECONDS=60

log() { printf 'smtp-sink: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

inbox_answers() { curl -fsS --max-time 2 "http://127.0.0.1:$SMTP_WEB_PORT/healthz" >/dev/null 2>&1; }

running_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

installed_version() {
  node -p "require('$TOOLS_DIR/node_modules/maildev/package.json').version" 2>/dev/null || true
}

ensure_installed() {
  command -v node >/dev/null || die "node is not installed (MailDev needs node >= 18)"
  command -v npm >/dev/null || die "npm is not installed"
  if [[ "$(installed_version)" == "$MAILDEV_VERSION" ]]; then
    return
  fi
  log "installing maildev@$MAILDEV_VERSION into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >&2 \
    || die "npm install maildev@$MAILDEV_VERSION failed"
}

wait_until_ready() {
  local pid="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until port_open "$SMTP_PORT" && inbox_answers; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_FILE" >&2 || true
      die "MailDev exited during start-up (log: $LOG_FILE)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 20 "$LOG_FILE" >&2 || true
      die "MailDev did not answer on SMTP $SMTP_PORT and HTTP $SMTP_WEB_PORT within ${START_TIMEOUT_SECONDS}s (log: $LOG_FILE)"
    fi
    sleep 0.3
  done
}

start() {
  mkdir -p "$RUN_DIR"
  # Tests run in parallel processes; only one of them may install and start.
  exec 9>"$RUN_DIR/maildev-$SMTP_PORT.lock"
  flock -w $((START_TIMEOUT_SECONDS * 2)) 9 || die "timed out waiting for another smtp-sink.sh start"

  local pid
  if port_open "$SMTP_PORT"; then
    if inbox_answers; then
      log "already running (SMTP 127.0.0.1:$SMTP_PORT, inbox http://127.0.0.1:$SMTP_WEB_PORT)"
      return
    fi
    if pid="$(running_pid)"; then
      wait_until_ready "$pid"
      return
    fi
    die "port $SMTP_PORT is taken by something that is not MailDev (no inbox on $SMTP_WEB_PORT)"
  fi
  port_open "$SMTP_WEB_PORT" && die "port $SMTP_WEB_PORT is taken; set SMTP_WEB_PORT to a free port"

  ensure_installed
  log "starting MailDev (SMTP 127.0.0.1:$SMTP_PORT, inbox http://127.0.0.1:$SMTP_WEB_PORT, log $LOG_FILE)"
  # setsid: the sink must outlive the shell or test process that started it.
  setsid node "$MAILDEV_BIN" --smtp "$SMTP_PORT" --web "$SMTP_WEB_PORT" \
    --ip 127.0.0.1 --web-ip 127.0.0.1 >>"$LOG_FILE" 2>&1 </dev/null 9>&- &
  pid=$!
  printf '%s' "$pid" >"$PID_FILE"
  wait_until_ready "$pid"
  log "ready (pid $pid)"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    log "not running (no live pid in $PID_FILE)"
    rm -f "$PID_FILE"
    return
  fi
  kill "$pid"
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PID_FILE"
  log "stopped (pid $pid)"
}

status() {
  if port_open "$SMTP_PORT" && inbox_answers; then
    log "running (SMTP 127.0.0.1:$SMTP_PORT, inbox http://127.0.0.1:$SMTP_WEB_PORT)"
  else
    log "not running"
    exit 3
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 [start|stop|status]" ;;
esac
