"""Retention: `make prune-conversations` (python -m launcher.retention) deletes the
conversations older than N days from the tracker store of a real run, and nothing
else; the deleted text is gone from the SQLite file too.

The conversations are real (sent through the REST channel); the test makes some of
them old by moving their events' timestamps back, as a month of waiting would.
PostgreSQL: the same module and SQL (tests/scale, production mode).
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import sys
import time

import pytest

from launcher.retention import DEFAULT_DAYS, PruneResult, prune, tracker_store_url
from launcher.stack import PROJECT_ROOT

from .helpers import events_of, is_normal_answer, say

pytestmark = pytest.mark.e2e

DAY = 86_400


def age(path, sender: str, days: float, before_id: int = None) -> None:
    with sqlite3.connect(str(path), timeout=30) as db:
        query = "UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?"
        args = [days * DAY, sender]
        if before_id is not None:
            query += " AND id <= ?"
            args.append(before_id)
        db.execute(query, args)


def last_id(path, sender: str) -> int:
    with sqlite3.connect(str(path), timeout=30) as db:
        return db.execute("SELECT max(id) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def run_prune(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "launcher.retention", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(PROJECT_ROOT),
            "PYTHONWARNINGS": "ignore",
            "RASA_TELEMETRY_ENABLED": "false",
        },
    )


def test_old_conversations_are_deleted_and_the_rest_kept(hardened, summary):
    path = hardened.tracker_sqlite_path
    endpoints = str(hardened.settings.run_dir / "endpoints.yml")  # what the server reads
    tag = secrets.token_hex(3)
    old_words = f"oldsecret{tag}"
    senders = {name: f"retention-{name}-{tag}" for name in ("old", "older", "mixed", "new", "edge")}
    for sender in senders.values():
        assert is_normal_answer(say(hardened, sender, f"hello, I am {old_words}"))
    age(path, senders["old"], DEFAULT_DAYS + 1)
    age(path, senders["older"], 400)
    age(path, senders["mixed"], DEFAULT_DAYS + 5, before_id=last_id(path, senders["mixed"]))
    age(path, senders["edge"], DEFAULT_DAYS - 1)  # 29 days old: kept
    time.sleep(0.01)
    assert is_normal_answer(say(hardened, senders["mixed"], "what is the FBI number?"))
    counts = {name: len(events_of(path, s)) for name, s in senders.items()}

    dry = run_prune("--days", str(DEFAULT_DAYS), "--endpoints", endpoints, "--dry-run")
    assert dry.returncode == 0, dry.stderr[-2000:]
    assert "would delete" in dry.stdout
    assert {name: len(events_of(path, s)) for name, s in senders.items()} == counts

    result = run_prune("--days", str(DEFAULT_DAYS), "--endpoints", endpoints)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "deleted" in result.stdout
    summary["other: conversations pruned by the retention test"] += 2

    assert events_of(path, senders["old"]) == []
    assert events_of(path, senders["older"]) == []
    assert len(events_of(path, senders["edge"])) == counts["edge"]
    assert len(events_of(path, senders["new"])) == counts["new"]
    mixed = events_of(path, senders["mixed"])
    assert 0 < len(mixed) < counts["mixed"]
    assert [json.loads(r[2])["text"] for r in mixed if r[0] == "user"] == ["what is the FBI number?"]
    cutoff = time.time() - DEFAULT_DAYS * DAY
    assert all(r[1] >= cutoff for r in mixed)

    # the words of the deleted events are not left in the file's free pages
    with sqlite3.connect(str(path), timeout=30) as db:
        in_rows = sum(row[0].count(old_words) for row in db.execute("SELECT data FROM events"))
    assert in_rows > 0  # "new" and "edge" still hold them
    assert path.read_bytes().count(old_words.encode()) == in_rows

    # the assistant goes on: a pruned resident starts over, the others continue
    assert is_normal_answer(say(hardened, senders["old"], "what is the FBI number?"))
    assert is_normal_answer(say(hardened, senders["mixed"], "thanks"))

    again = run_prune("--days", str(DEFAULT_DAYS), "--endpoints", endpoints)
    assert again.returncode == 0 and "deleted 0 events" in again.stdout


def test_the_make_target(hardened):
    endpoints = str(hardened.settings.run_dir / "endpoints.yml")
    result = subprocess.run(
        ["make", "--no-print-directory", "prune-conversations", "DAYS=3650", f"ENDPOINTS={endpoints}"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "prune-conversations: deleted" in result.stdout


def test_prune_counts(tmp_path):
    db = tmp_path / "store.db"
    with sqlite3.connect(str(db)) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, "
            "type_name TEXT, timestamp REAL, intent_name TEXT, action_name TEXT, "
            "data TEXT)"
        )
        now = 1_000 * DAY
        rows = [
            ("a", now - 40 * DAY),
            ("a", now - 35 * DAY),
            ("b", now - 40 * DAY),
            ("b", now - DAY),
            ("c", now),
        ]
        connection.executemany(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')", rows
        )
    result = prune(f"sqlite:///{db}", 30, now=now)
    assert result == PruneResult(
        now - 30 * DAY, events_deleted=3, conversations_deleted=1, conversations_kept=2
    )
    assert prune(f"sqlite:///{db}", 30, now=now).events_deleted == 0
    assert prune(f"sqlite:///{tmp_path / 'none.db'}", 30).events_deleted == 0


def test_bad_settings_are_refused(tmp_path):
    missing = run_prune("--endpoints", str(tmp_path / "nope.yml"))
    assert missing.returncode == 2 and "nope.yml" in missing.stderr
    redis = tmp_path / "endpoints.yml"
    redis.write_text("tracker_store:\n  type: redis\n")
    refused = run_prune("--endpoints", str(redis))
    assert refused.returncode == 2 and "SQL" in refused.stderr
    url = tracker_store_url(PROJECT_ROOT / "endpoints.yml")
    assert url.get_backend_name() == "sqlite" and url.database.startswith(str(PROJECT_ROOT))
