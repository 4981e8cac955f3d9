"""Shared set-up of the scale-out tests (the production mode, README "Production mode").

They run the real services on loopback: PostgreSQL, Redis and nginx from Debian's
packages (scripts/prod/install.sh installs what is missing, once per session), the
action server and several Rasa servers, all on free ports with private folders, and
stop them all at the end.

PostgreSQL runs as the `postgres` user when the tests run as root; pytest's tmp_path
is under a 0700 folder it cannot enter, so the services get their own folder in the
system temp dir (mode 0711), removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


@pytest.fixture(scope="session")
def prod_installed() -> None:
    """PostgreSQL, Redis and nginx are installed (apt-get, only when missing)."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "prod" / "install.sh")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"scripts/prod/install.sh failed:\n{result.stdout}")


@pytest.fixture
def services_dir():
    """A folder the `postgres` user can reach, removed at the end."""
    path = Path(tempfile.mkdtemp(prefix="jtpd-scale-"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def module_services_dir():
    path = Path(tempfile.mkdtemp(prefix="jtpd-scale-"))
    path.chmod(0o711)
    yield path
    shutil.rmtree(path, ignore_errors=True)
