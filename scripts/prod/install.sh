#!/usr/bin/env bash
# Installs what the production mode runs, from Debian's packages: PostgreSQL (the
# tracker store), Redis (the lock store) and nginx (the load balancer).
#
# Idempotent: a package whose program is already there is skipped, and
# `apt-get update` runs at most once, only when something is missing. The packages'
# own system services are NOT started (the project runs private instances on its
# own ports and folders, see scripts/prod/pg.sh, redis.sh and launcher/prod.py).
#
# Usage: scripts/prod/install.sh        (as root, or a user with sudo)
set -euo pipefail

log() { echo "[install-prod] $*"; }

pg_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then echo "$dir"; return 0; fi
    done
    return 1
}

missing=()
if pg_bindir >/dev/null; then log "postgresql: ok ($(pg_bindir))"; else missing+=(postgresql); fi
if command -v redis-server >/dev/null 2>&1; then log "redis-server: ok ($(redis-server --version | awk '{print $3}'))"; else missing+=(redis-server); fi
if [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1; then log "nginx: ok"; else missing+=(nginx); fi

if [[ ${#missing[@]} -eq 0 ]]; then
    log "nothing to install"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" != "0" ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        log "ERROR: ${missing[*]} missing and not root (no sudo): install them with apt-get as root." >&2
        exit 1
    fi
    SUDO="sudo"
fi

# Keep the packages' system services from starting (a container has no init to run
# them, and the project never uses them): the standard Debian policy-rc.d switch,
# put in place only for this install and only if none exists.
POLICY=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e "$POLICY" ]]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
    $SUDO chmod 755 "$POLICY"
    created_policy=1
fi
cleanup() { if [[ $created_policy == 1 ]]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

log "installing ${missing[*]} (apt-get update + install)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"

pg_bindir >/dev/null || { log "ERROR: PostgreSQL's initdb/pg_ctl not found after install" >&2; exit 1; }
command -v redis-server >/dev/null || { log "ERROR: redis-server not found after install" >&2; exit 1; }
[[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || { log "ERROR: nginx not found after install" >&2; exit 1; }
log "done"
