#!/usr/bin/env bash
# A private PostgreSQL cluster for the production mode's tracker store, on loopback.
#
#   scripts/prod/pg.sh start     initdb on first use, start, create the role and database
#   scripts/prod/pg.sh stop      fast shutdown (committed conversations are kept)
#   scripts/prod/pg.sh status    exit 0 when running
#
# Environment (the same names the Rasa servers read in endpoints.prod.yml):
#   PG_DIR        cluster folder      (default: <repo>/.run/prod/pg; holds data/, the log, passwords)
#   DB_PORT       TCP port            (default 5433; listens on 127.0.0.1 only, no Unix socket)
#   DB_USER       the assistant's role      (default rasa)
#   DB_DATABASE   the assistant's database  (default rasa)
#   DB_PASSWORD   the role's password (default: generated once into $PG_DIR/db.password)
#   PG_MAX_CONNECTIONS                   (default 200)
#
# initdb and postgres refuse to run as root: as root, the cluster folder is owned by
# the `postgres` system user (Debian's package creates it) and the server runs as it
# (runuser). The superuser `postgres` has a generated password in $PG_DIR/admin.password;
# the assistant connects as DB_USER, which owns DB_DATABASE and nothing more.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_DIR="${PG_DIR:-$ROOT/.run/prod/pg}"
DB_PORT="${DB_PORT:-5433}"
DB_USER="${DB_USER:-rasa}"
DB_DATABASE="${DB_DATABASE:-rasa}"
PG_MAX_CONNECTIONS="${PG_MAX_CONNECTIONS:-200}"
DATA="$PG_DIR/data"

log() { echo "[pg] $*"; }
die() { echo "[pg] ERROR: $*" >&2; exit 1; }

BINDIR=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then BINDIR="$dir"; break; fi
done
[[ -n "$BINDIR" ]] || die "PostgreSQL not installed (looked in /usr/lib/postgresql/*/bin): run scripts/prod/install.sh"

AS=()
if [[ "$(id -u)" == "0" ]]; then
    id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user (Debian's postgresql package creates it)"
    AS=(runuser -u postgres --)
fi
as_owner() { "${AS[@]}" "$@"; }

random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=\n'; }

pg_ctl_() { as_owner "$BINDIR/pg_ctl" -D "$DATA" "$@"; }

is_running() { [[ -f "$DATA/PG_VERSION" ]] && pg_ctl_ status >/dev/null 2>&1; }

prepare_dir() {
    mkdir -p "$PG_DIR"
    if [[ ${#AS[@]} -gt 0 ]]; then
        chown postgres:postgres "$PG_DIR"
        as_owner test -w "$PG_DIR" || die "the postgres user cannot write $PG_DIR: a parent folder is not traversable by it; set PG_DIR to a folder it can reach (e.g. under /tmp or /var/tmp)"
    fi
    chmod 700 "$PG_DIR"
}

write_secret_file() {  # path: create it with a fresh secret when missing, readable by the owner only
    local path="$1"
    if [[ ! -s "$path" ]]; then
        (umask 077; random_secret > "$path")
        if [[ ${#AS[@]} -gt 0 ]]; then chown postgres:postgres "$path"; fi
    fi
}

init_cluster() {
    write_secret_file "$PG_DIR/admin.password"
    log "initdb $DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --pwfile="$PG_DIR/admin.password" \
        --auth-host=scram-sha-256 --auth-local=reject -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    echo "include_if_exists = 'jtpd.conf'" | as_owner tee -a "$DATA/postgresql.conf" >/dev/null
}

write_conf() {
    as_owner tee "$DATA/jtpd.conf" >/dev/null <<CONF
# Written by scripts/prod/pg.sh on every start.
listen_addresses = '127.0.0.1'
port = $DB_PORT
unix_socket_directories = ''
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = 128MB
CONF
}

psql_admin() {
    PGPASSWORD="$(cat "$PG_DIR/admin.password")" "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$DB_PORT" -U postgres "$@"
}

ensure_role_and_db() {
    local password="${DB_PASSWORD:-}"
    if [[ -z "$password" ]]; then
        write_secret_file "$PG_DIR/db.password"
        password="$(cat "$PG_DIR/db.password")"
    fi
    psql_admin -d postgres -v role="$DB_USER" -v pw="$password" -v db="$DB_DATABASE" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pw') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
}

start() {
    prepare_dir
    [[ -f "$DATA/PG_VERSION" ]] || init_cluster
    write_conf
    if is_running; then
        log "already running ($DATA)"
    else
        log "starting on 127.0.0.1:$DB_PORT ($DATA)"
        pg_ctl_ -l "$PG_DIR/postgres.log" -w -t 60 start >/dev/null \
            || { tail -n 20 "$PG_DIR/postgres.log" >&2; die "postgres did not start"; }
    fi
    ensure_role_and_db
    log "ready: postgresql://$DB_USER@127.0.0.1:$DB_PORT/$DB_DATABASE"
}

stop() {
    if is_running; then
        pg_ctl_ -m fast -w -t 60 stop >/dev/null
        log "stopped"
    else
        log "not running"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) is_running ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
