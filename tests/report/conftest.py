"""A real SQLite tracker store (Rasa's SQLTrackerStore) seeded with the scenario's
conversations, and the report written from it by `python -m reporting`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from launcher.stack import PROJECT_ROOT

from . import scenario


def sqlite_store(path: Path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    return SQLTrackerStore(Domain.load(str(PROJECT_ROOT / "domain.yml")), dialect="sqlite", db=str(path))


def run_report(endpoints: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reporting", "--endpoints", str(endpoints), "--out", str(out), *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_ROOT),
            "HOME": "/tmp",
            "PYTHONWARNINGS": "ignore",
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
        },
    )


@pytest.fixture(scope="module")
def seeded_sqlite(tmp_path_factory):
    from reporting.seed import save_with_rasa

    folder = tmp_path_factory.mktemp("report")
    database = folder / "conversations.db"
    save_with_rasa(sqlite_store(database), scenario.conversations())
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {database}\n")
    return endpoints


@pytest.fixture(scope="module")
def sqlite_report(seeded_sqlite, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = run_report(seeded_sqlite, out, "--since", scenario.SINCE, "--until", scenario.UNTIL)
    assert result.returncode == 0, result.stderr[-3000:]
    return result, out
