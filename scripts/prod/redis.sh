#!/usr/bin/env bash
# A private Redis for the production mode's lock store, on loopback.
#
#   scripts/prod/redis.sh start | stop | status
#
# Environment (the same names the Rasa servers read in endpoints.prod.yml):
#   REDIS_DIR       folder for its config, pid file and log (default: <repo>/.run/prod/redis)
#   REDIS_PORT      TCP port (default 6380; binds 127.0.0.1 only)
#   REDIS_PASSWORD  requirepass, when set (default: none; loopback only)
#
# No persistence: it only holds Rasa's conversation locks (tickets that expire after
# 5 s unless renewed: scaling/lock_store.py), which are worthless after a restart; the conversations
# themselves are in PostgreSQL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REDIS_DIR="${REDIS_DIR:-$ROOT/.run/prod/redis}"
REDIS_PORT="${REDIS_PORT:-6380}"
REDIS_PASSWORD="${REDIS_PASSWORD:-}"
CONF="$REDIS_DIR/redis.conf"
PIDFILE="$REDIS_DIR/redis.pid"

log() { echo "[redis] $*"; }
die() { echo "[redis] ERROR: $*" >&2; exit 1; }

command -v redis-server >/dev/null 2>&1 || die "redis-server not installed: run scripts/prod/install.sh"

cli() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

is_running() {
    [[ -f "$PIDFILE" ]] && kill -0 "$(cat "$PIDFILE")" 2>/dev/null
}

write_conf() {
    mkdir -p "$REDIS_DIR"
    chmod 700 "$REDIS_DIR"
    (umask 077; cat > "$CONF" <<CONF
# Written by scripts/prod/redis.sh on every start.
bind 127.0.0.1
protected-mode yes
port $REDIS_PORT
daemonize yes
pidfile $PIDFILE
logfile $REDIS_DIR/redis.log
dir $REDIS_DIR
save ""
appendonly no
maxmemory 128mb
maxmemory-policy noeviction
CONF
    if [[ -n "$REDIS_PASSWORD" ]]; then echo "requirepass $REDIS_PASSWORD" >> "$CONF"; fi)
}

start() {
    if is_running; then
        log "already running (pid $(cat "$PIDFILE"))"
        return 0
    fi
    write_conf
    redis-server "$CONF"
    for _ in $(seq 1 100); do
        if [[ "$(cli ping 2>/dev/null)" == "PONG" ]]; then
            log "ready: redis://127.0.0.1:$REDIS_PORT"
            return 0
        fi
        sleep 0.1
    done
    tail -n 20 "$REDIS_DIR/redis.log" >&2 || true
    die "redis did not answer on 127.0.0.1:$REDIS_PORT"
}

stop() {
    if ! is_running; then
        log "not running"
        return 0
    fi
    local pid
    pid="$(cat "$PIDFILE")"
    kill -TERM "$pid"
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || { log "stopped"; return 0; }
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    log "killed"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) is_running ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
