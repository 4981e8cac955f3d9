#!/usr/bin/env bash
# Trains models/assistant.tar.gz from config.yml, domain.yml and data/.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=3 PYTHONPATH="$PWD" PYTHONWARNINGS=ignore
echo "==> Training the assistant (about a minute)"
start=$(date +%s)
.venv/bin/rasa train --fixed-model-name assistant --out models --quiet
echo "==> Trained models/assistant.tar.gz in $(( $(date +%s) - start )) s"
