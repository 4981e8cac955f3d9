"""Shared set-up of the Messenger channel tests.

Unit tests need nothing running. Tests marked `e2e` start the real assistant (action
server + Rasa) through launcher/stack.py with the channel enabled and a fake Graph
API on 127.0.0.1; run them with `pytest -m e2e tests/messenger`.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: starts the real assistant (slow; needs a trained model)")
