#!/usr/bin/env bash
# Install what the browser tests (tests/browser) need: Debian's chromium, driven
# by Playwright for Python with executable_path=/usr/bin/chromium. (axe-core, the
# tests' other need, comes from npm: scripts/install-web.sh, `npm ci` in web/.)
#
# Idempotent: if /usr/bin/chromium runs and `import playwright` works in the
# project's Python, the apt step is skipped. Never runs `playwright install`
# (that downloads a browser build, which cannot be fetched here).
#
# Usage: scripts/install-chromium.sh            (uses .venv/bin/python if present)
#        PYTHON=/path/to/python scripts/install-chromium.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-}"
if [[ -z "$PY" ]]; then
    if [[ -x "$ROOT/.venv/bin/python" ]]; then PY="$ROOT/.venv/bin/python"; else PY="python3"; fi
fi

log() { echo "[install-chromium] $*"; }

chromium_ok() {
    [[ -x /usr/bin/chromium ]] && /usr/bin/chromium --headless --no-sandbox --version >/dev/null 2>&1
}

if ! "$PY" -c "import playwright.sync_api" >/dev/null 2>&1; then
    log "ERROR: '$PY' cannot import playwright; install the project's Python requirements first." >&2
    exit 1
fi
log "playwright for Python: ok ($PY)"

if chromium_ok; then
    log "chromium: already installed ($(/usr/bin/chromium --headless --no-sandbox --version 2>/dev/null | head -1))"
else
    SUDO=""
    if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
    log "chromium: not found, installing Debian's package (apt-get update + install)..."
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q
    $SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
    if ! chromium_ok; then
        log "ERROR: /usr/bin/chromium still does not run after apt-get install." >&2
        exit 1
    fi
    log "chromium: installed ($(/usr/bin/chromium --headless --no-sandbox --version 2>/dev/null | head -1))"
fi

log "done"
