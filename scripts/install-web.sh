#!/usr/bin/env bash
# Installs the web page's npm packages (web/package-lock.json) when they are missing.
set -euo pipefail
cd "$(dirname "$0")/../web"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then exit 0; fi
echo "==> Installing the web page's npm packages"
npm ci --no-audit --no-fund --loglevel=error
