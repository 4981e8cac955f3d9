"""launcher.retention reads only the tracker_store block of an endpoints file, so
`make report` and `make prune-conversations` need the DB_* variables and no others."""

from __future__ import annotations

import pytest

from launcher.retention import RetentionError, tracker_store_section, tracker_store_url
from launcher.stack import PROJECT_ROOT

DB = {
    "DB_HOST": "127.0.0.1",
    "DB_PORT": "5433",
    "DB_USER": "rasa",
    "DB_DATABASE": "rasa",
    "DB_PASSWORD": "pw",
}
OTHERS = ["ACTION_SERVER_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_DB", "REDIS_PASSWORD", "REDIS_KEY_PREFIX"]


def test_the_section_alone_as_written():
    text = (
        "# c\naction_endpoint:\n  url: ${A}\n\ntracker_store:\n  type: SQL\n  db: ${DB}  # x\n"
        "lock_store:\n  url: ${R}\n"
    )
    assert tracker_store_section(text) == "tracker_store:\n  type: SQL\n  db: ${DB}  # x\n"


def test_production_endpoints_need_only_db_variables(monkeypatch):
    for name in OTHERS:
        monkeypatch.delenv(name, raising=False)
    for name, value in DB.items():
        monkeypatch.setenv(name, value)
    url = tracker_store_url(PROJECT_ROOT / "endpoints.prod.yml")
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql",
        "127.0.0.1",
        5433,
        "rasa",
        "rasa",
        "pw",
    )
    monkeypatch.delenv("DB_PORT")
    with pytest.raises(RetentionError, match="DB_PORT"):
        tracker_store_url(PROJECT_ROOT / "endpoints.prod.yml")
