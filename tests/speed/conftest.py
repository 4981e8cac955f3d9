"""Fixtures of the speed tests: the trained model loaded in this process, with
rasa_patches applied (and undone after each test module), and the real action server
as a child process.

Run: `make train; PYTHONPATH=$PWD .venv/bin/python -m pytest tests/speed`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from launcher.stack import (  # noqa: E402 - after the environment above
    ACTION_SERVER_MAX_REQUEST_BYTES,
    MODEL_PATH,
    VENV_BIN,
    free_port,
    quiet_environment,
    stop_process_group,
)


@pytest.fixture(scope="module")
def speedups_applied() -> Iterator[None]:
    """Rasa as the launcher's servers run it, for one test module; stock Rasa after."""
    import rasa_patches

    rasa_patches.apply_all()
    yield
    rasa_patches.undo_all()


@pytest.fixture(scope="session")
def action_server_url() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [str(VENV_BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)],
        cwd=ROOT,
        env=quiet_environment({"SANIC_REQUEST_MAX_SIZE": str(ACTION_SERVER_MAX_REQUEST_BYTES)}),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("the action server did not start")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/webhook"
    finally:
        stop_process_group(process, timeout=20)


def load_agent(action_url: Optional[str], tracker_store=None):
    """The trained model in this process (Rasa's load_agent), quiet logs."""
    from rasa.core.agent import load_agent as rasa_load_agent
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    if not MODEL_PATH.exists():
        pytest.fail(f"no model at {MODEL_PATH}: run `make train`")
    configure_structlog(logging.INFO)
    endpoints = AvailableEndpoints(
        action=EndpointConfig(action_url) if action_url else None, tracker_store=tracker_store
    )
    return asyncio.run(rasa_load_agent(model_path=str(MODEL_PATH), endpoints=endpoints))


def reply_texts(replies) -> List[str]:
    return [str(r.get("text")) for r in replies or []]
