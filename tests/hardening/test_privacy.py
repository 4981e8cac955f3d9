"""What residents type stays out of the logs; telemetry is off everywhere.

A real run: residents write addresses, names and medication over REST, socket.io
and Messenger, also in the shapes that make Rasa log a message (a slash payload, a
body the channel refuses) and while parts fail (action server down, tracker store
locked). Then the logs of every process are read: no message text, no sender id.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

from launcher.stack import PROJECT_ROOT, Stack, StackSettings

from .helpers import (
    HTTP_TIMEOUT_S,
    Client,
    events_of,
    messenger_signature,
    messenger_text_event,
    post_raw,
    process_environment,
    process_group_pids,
    say,
    sqlite_locked,
)

pytestmark = pytest.mark.e2e

TAG = secrets.token_hex(3)
ADDRESS = f"4711 Quixotic{TAG} Lane"
NAME = f"Zebulon Marchetti{TAG}"
MEDICINE = f"warfarin{TAG}"
PRIVATE_WORDS = [f"Quixotic{TAG}", f"Marchetti{TAG}", f"warfarin{TAG}"]
REST_SENDER = f"privacy-rest-{TAG}"
SOCKET_SESSION = f"privacy-socket-{TAG}"
PSID = f"73{int(TAG, 16):014d}"
SENDERS = [REST_SENDER, SOCKET_SESSION, PSID]
STORY = f"My name is {NAME}, I live at {ADDRESS} and I take {MEDICINE}"


def log_text(stack: Stack) -> str:
    return "\n".join(stack.log_text(name) for name in ("rasa", "actions", "web"))


def test_no_conversation_text_or_sender_in_the_logs(hardened, graph, messenger_secrets, summary):
    messages = [
        STORY,
        f"what is the number for poison control? {STORY}",
        f"/{STORY}",
        f"/ask_phone_number{{\"agency\": \"{NAME}\"",
        f"/greet{{{STORY}}}",
        f"\u0000{STORY}\u0007",
        f"I need help, {ADDRESS}, someone is breaking in",
    ]
    for text in messages:  # each one answered: the words did reach the assistant
        reply = say(hardened, REST_SENDER, text)
        assert reply.status == 200 and reply.texts, (text, reply)
    for body in [
        {"sender": REST_SENDER, "message": {"text": STORY}},
        {"sender": {"id": REST_SENDER}, "message": STORY},
        {"sender": REST_SENDER, "message": STORY * 1000},
    ]:  # over the size limit
        assert post_raw(hardened.rest_url, json.dumps(body).encode()).status in (400, 413)

    hardened.stop_action_server()  # lookups fail while residents write
    summary["failure: action server stopped"] += 1
    try:
        say(hardened, REST_SENDER, f"phone number for {NAME}'s animal control")
        say(hardened, REST_SENDER, "list the crisis lines " + ADDRESS)
    finally:
        hardened.start_action_server()
    summary["failure: tracker store locked"] += 1
    with sqlite_locked(hardened.tracker_sqlite_path):  # and while the store fails
        say(hardened, REST_SENDER, STORY)

    client = Client(hardened.rasa_url)
    try:
        client.start_session(SOCKET_SESSION)
        for text in (STORY, f"/{STORY}"):
            assert [r for r in client.ask(SOCKET_SESSION, text) if r.get("text")], text
    finally:
        client.close()

    body = json.dumps(messenger_text_event(PSID, STORY)).encode()
    signature = messenger_signature(messenger_secrets["FACEBOOK_APP_SECRET"], body)
    assert (
        requests.post(
            f"{hardened.rasa_url}/webhooks/messenger/webhook",
            data=body,
            headers={"X-Hub-Signature-256": signature},
            timeout=HTTP_TIMEOUT_S,
        ).status_code
        == 200
    )
    deadline = time.monotonic() + HTTP_TIMEOUT_S
    while time.monotonic() < deadline and not [s.text for s in graph.to(PSID)]:
        time.sleep(0.2)
    assert [s.text for s in graph.to(PSID)]
    summary["other: privacy messages checked in the logs"] += len(messages) + 9

    # the test is meaningful: the assistant did get them
    for sender in (REST_SENDER, SOCKET_SESSION, PSID):
        stored = json.dumps(events_of(hardened.tracker_sqlite_path, sender))
        assert PRIVATE_WORDS[0] in stored, sender
    logs = log_text(hardened)
    assert "Bot will continue" in logs  # the failures did happen and were logged
    for secret in PRIVATE_WORDS + SENDERS:
        assert secret not in logs, f"{secret!r} is in the logs"


def test_telemetry_is_off_in_every_process(hardened):
    for name, process in hardened._processes.items():
        pids = process_group_pids(process.pid)
        assert pids, name
        for pid in pids:
            assert process_environment(pid).get("RASA_TELEMETRY_ENABLED") == "false", (name, pid)
    assert "telemetry" not in log_text(hardened).lower()


def test_telemetry_is_off_for_this_user_after_setup():
    """`make setup` turns telemetry off in Rasa's user config, so a rasa command run
    outside make (without RASA_TELEMETRY_ENABLED) sends nothing either."""
    from rasa.constants import GLOBAL_USER_CONFIG_PATH

    config = Path(GLOBAL_USER_CONFIG_PATH)
    assert config.exists(), f"{config} is missing: `rasa telemetry disable` never ran"
    assert yaml.safe_load(config.read_text())["metrics"]["enabled"] is False
    environment = {k: v for k, v in os.environ.items() if k != "RASA_TELEMETRY_ENABLED"}
    check = subprocess.run(
        [sys.executable, "-c", "import rasa.telemetry as t; print(t.is_telemetry_enabled())"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip() == "False", check.stderr[-2000:]


def test_every_process_the_project_starts_gets_telemetry_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RASA_TELEMETRY_ENABLED", "true")  # even if the shell says otherwise
    assert Stack(StackSettings.for_tests(tmp_path)).environment()["RASA_TELEMETRY_ENABLED"] == "false"
    # every make target (setup, train, test, run) and the scripts they call
    assert "export RASA_TELEMETRY_ENABLED := false" in (PROJECT_ROOT / "Makefile").read_text()
