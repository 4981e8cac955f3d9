"""`make report` on PostgreSQL, through the production endpoints file
(endpoints.prod.yml, ${DB_*} from the environment): the same seeded conversations
as the SQLite test (tests/report), the same figures, the same privacy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from launcher.ports import free_port
from tests.report import scenario
from tests.report.checks import check_every_figure, check_privacy
from tests.report.page import ReportPage

from .conftest import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def postgres(prod_installed, module_services_dir):
    env = dict(
        os.environ,
        PG_DIR=str(module_services_dir / "pg"),
        DB_PORT=str(free_port()),
        DB_USER="rasa",
        DB_DATABASE="rasa",
    )
    script = str(ROOT / "scripts" / "prod" / "pg.sh")
    started = subprocess.run(["bash", script, "start"], env=env, capture_output=True, text=True)
    assert started.returncode == 0, started.stdout + started.stderr
    env["DB_PASSWORD"] = (module_services_dir / "pg" / "db.password").read_text().strip()
    env["DB_HOST"] = "127.0.0.1"
    try:
        yield env
    finally:
        subprocess.run(["bash", script, "stop"], env=env, capture_output=True, text=True)


def test_report_on_postgresql(postgres, tmp_path):
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from reporting.seed import save_with_rasa

    store = SQLTrackerStore(
        Domain.load(str(ROOT / "domain.yml")),
        dialect="postgresql",
        host="127.0.0.1",
        port=int(postgres["DB_PORT"]),
        db="rasa",
        username="rasa",
        password=postgres["DB_PASSWORD"],
    )
    save_with_rasa(store, scenario.conversations())
    store.engine.dispose()
    env = {key: postgres[key] for key in ("DB_HOST", "DB_PORT", "DB_USER", "DB_DATABASE", "DB_PASSWORD")}
    env.update(
        PATH="/usr/bin:/bin",
        PYTHONPATH=str(ROOT),
        HOME="/tmp",
        PYTHONWARNINGS="ignore",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="3",
    )  # DB_* only
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reporting",
            "--endpoints",
            str(ROOT / "endpoints.prod.yml"),
            "--out",
            str(tmp_path),
            "--since",
            scenario.SINCE,
            "--until",
            scenario.UNTIL,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "9 conversations, 15 messages, 6 unanswered" in result.stdout
    [html_file] = tmp_path.glob("report-*.html")
    html = html_file.read_text(encoding="utf-8")
    assert "postgresql tracker store (endpoints.prod.yml)" in html
    page = ReportPage(html)
    check_every_figure(page)
    check_privacy(page, html)
    assert len(list(tmp_path.glob("unanswered-*.yml"))) == 1
