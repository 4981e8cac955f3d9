#!/usr/bin/env bash
# Creates .venv with Python 3.10 and installs the pinned dependencies (requirements.lock).
# Rasa 3.6 needs Python >=3.8,<3.11; we look for 3.10 in $PYTHON, then python3.10 on
# PATH, then pyenv's 3.10.13.
set -euo pipefail
cd "$(dirname "$0")/.."

is_python310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

find_python310() {
  local candidate
  for candidate in "${PYTHON:-}" "$(command -v python3.10 || true)"; do
    if is_python310 "$candidate"; then echo "$candidate"; return 0; fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    local prefix
    prefix=$(pyenv prefix 3.10.13 2>/dev/null || true)
    if [ -n "$prefix" ] && is_python310 "$prefix/bin/python3.10"; then
      echo "$prefix/bin/python3.10"; return 0
    fi
  fi
  return 1
}

if ! is_python310 .venv/bin/python; then
  if ! PY310=$(find_python310); then
    echo "error: Python 3.10 not found. Looked at \$PYTHON (${PYTHON:-unset}), python3.10 on PATH," >&2
    echo "       and 'pyenv prefix 3.10.13'. Rasa 3.6 needs Python >=3.8,<3.11." >&2
    exit 1
  fi
  echo "==> Creating .venv with $PY310"
  rm -rf .venv
  "$PY310" -m venv .venv
fi

echo "==> Installing pinned dependencies into .venv (first time: about 2-3 minutes, 3 GB)"
.venv/bin/python -m pip install --quiet --upgrade "pip==24.0"
.venv/bin/python -m pip install --progress-bar on -r requirements.lock 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored|^Requirement already satisfied" || true
.venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check; exit 1; }
# Telemetry off for this user too (~/.config/rasa/global.yml), for any rasa command run
# without make's RASA_TELEMETRY_ENABLED=false; checked, not assumed.
.venv/bin/rasa telemetry disable >/dev/null 2>&1
env -u RASA_TELEMETRY_ENABLED .venv/bin/python -c \
  'import sys, rasa.telemetry as t; sys.exit(t.is_telemetry_enabled())' 2>/dev/null \
  || { echo "error: 'rasa telemetry disable' did not turn Rasa's telemetry off" >&2; exit 1; }
touch .venv/.installed
echo "==> Dependencies ready"
