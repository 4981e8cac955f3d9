""" "Was this helpful?" against the real assistant (action server + Rasa server, REST
channel): a rating is kept in the conversation as a SlotSet of answer_rating, is
refused for safety replies, unknown conversations and second tries, and does not
change what the assistant answers next. The staff report then counts it, and the
lookup it rated, from the same SQLite store."""

from __future__ import annotations

import json
import secrets
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from launcher.stack import PROJECT_ROOT
from tests.conftest import post_json

pytestmark = pytest.mark.e2e


def feedback_url(stack) -> str:
    return stack.rest_url.rsplit("/", 1)[0] + "/feedback"  # .../webhooks/rest/feedback


def rate(stack, sender: str, rating: str) -> int:
    url = feedback_url(stack)
    request = urllib.request.Request(
        url,
        json.dumps({"sender": sender, "rating": rating}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def say(stack, sender: str, text: str):
    return post_json(stack.rest_url, {"sender": sender, "message": text})


def stored(stack, sender: str):
    with sqlite3.connect(str(stack.tracker_sqlite_path), timeout=30) as db:
        rows = db.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def ratings_of(stack, sender: str):
    return [
        d["value"] for kind, d in stored(stack, sender) if kind == "slot" and d.get("name") == "answer_rating"
    ]


def test_a_rating_is_kept_once_in_the_conversation(assistant):
    sender = f"rate-{secrets.token_hex(4)}"
    replies = say(assistant, sender, "what is the poison control number")
    assert "(502) 589-8222" in replies[0]["text"]
    assert not any("jtpd_safety" in r for r in replies)
    assert rate(assistant, sender, "no") == 204
    assert rate(assistant, sender, "yes") == 409  # the same answer, again
    assert ratings_of(assistant, sender) == ["no"]
    bot = [d for kind, d in stored(assistant, sender) if kind == "bot"]
    assert bot[-1]["metadata"]["jtpd_lookup"] == {"outcome": "found", "entries": ["poison-control"]}
    say(assistant, sender, "thanks")
    assert rate(assistant, sender, "yes") == 204  # the next answer can be rated
    assert ratings_of(assistant, sender) == ["no", "yes"]


def test_safety_replies_are_marked_and_cannot_be_rated(assistant):
    sender = f"rate-safety-{secrets.token_hex(4)}"
    replies = say(assistant, sender, "someone is breaking into my house right now")
    assert replies[0]["text"].startswith("Call 911 now")
    assert all(r.get("jtpd_safety") is True for r in replies)
    assert rate(assistant, sender, "yes") == 409
    assert ratings_of(assistant, sender) == []


def test_nothing_to_rate_and_bad_bodies(assistant):
    assert rate(assistant, f"nobody-{secrets.token_hex(4)}", "yes") == 404
    assert rate(assistant, "someone", "maybe") == 400
    request = urllib.request.Request(
        feedback_url(assistant), b"[1,2]", headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
    with sqlite3.connect(str(assistant.tracker_sqlite_path), timeout=30) as db:
        assert (
            db.execute("SELECT COUNT(*) FROM events WHERE sender_id LIKE 'nobody-%'").fetchone()[0] == 0
        )  # a rating creates no conversation


def test_the_next_answer_is_the_same_with_or_without_a_rating(assistant):
    steps = ["police number", None, "and the FBI?", "I dialed 911 by mistake", "thanks"]
    replies = {}
    for rated in (False, True):
        sender = f"rate-same-{rated}-{secrets.token_hex(4)}"
        replies[rated] = []
        for step in steps:
            if step is None:
                if rated:
                    assert rate(assistant, sender, "yes") == 204
                continue
            replies[rated].append([(r.get("text"), r.get("buttons")) for r in say(assistant, sender, step)])
        events = [
            (kind, d.get("name"), (d.get("parse_data") or {}).get("intent", {}).get("name"))
            for kind, d in stored(assistant, sender)
            if not (kind == "slot" and d.get("name") == "answer_rating")
        ]
        replies[rated].append(events)
    assert replies[True] == replies[False]


def test_the_report_counts_real_ratings_and_lookups(assistant, tmp_path):
    sender = f"rate-report-{secrets.token_hex(4)}"
    say(assistant, sender, "what is the number for the FBI")
    assert rate(assistant, sender, "yes") == 204
    gibberish = f"zxqv blorp {secrets.token_hex(2)} wibble"
    say(assistant, sender, gibberish)  # the fallback
    hidden = f"flurbo secretword{secrets.token_hex(2)}"
    say(assistant, sender + "-safety", hidden)  # the fallback, then a safety reply:
    say(assistant, sender + "-safety", "someone is breaking into my house right now")
    endpoints = assistant.settings.run_dir / "endpoints.yml"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reporting",
            "--endpoints",
            str(endpoints),
            "--out",
            str(tmp_path),
            "--days",
            "1",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    from tests.report.page import ReportPage

    [html] = tmp_path.glob("report-*.html")
    page = ReportPage(html.read_text(encoding="utf-8"))
    lookups = page.column("lookups")
    assert (
        int(
            lookups[
                "Federal Bureau of Investigation (FBI) - Louisville Office"
                if "Federal Bureau of Investigation (FBI) - Louisville Office" in lookups
                else next(k for k in lookups if "FBI" in k)
            ]
        )
        >= 1
    )
    ratings = {row[0]: row for row in page.rows("ratings")}
    assert int(ratings["ask_phone_number"][1]) >= 1
    text = html.read_text(encoding="utf-8")
    assert "breaking into my house" not in text and hidden not in text
    assert any(gibberish in item for group in page.groups for item in group["items"])
    assert int(page.column("overview")["Answered with the fallback"]) >= 1


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"\xff\xfe",
        b"null",
        b'"yes"',
        b'{"sender": 5, "rating": "yes"}',
        b'{"sender": "a\\u0000b", "rating": "yes"}',
        b'{"sender": "x", "rating": ["yes"]}',
        b'{"sender": "' + b"x" * 300 + b'", "rating": "no"}',
        b"[" * 5000 + b"]" * 5000,
        b'{"sender": "<script>", "rating": "<img src=x>"}',
    ],
)
def test_hostile_bodies_get_400(assistant, body):
    request = urllib.request.Request(
        feedback_url(assistant), body, headers={"Content-Type": "application/json"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 400
