"""Failing parts of the real running assistant: action server down, slow or broken,
tracker store unavailable for a moment. Each failure is injected into the running
stack and removed again; nothing is restarted but the failed part.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from channels.rest import UNAVAILABLE_TEXT
from launcher.stack import SQLITE_BUSY_TIMEOUT_S
from policies.action_failure import ACTION_TIMEOUT_S

from .helpers import NON_EMERGENCY, Client, SilentServer, events_of, is_normal_answer, say, sqlite_locked

pytestmark = pytest.mark.e2e

DIRECTORY_UNAVAILABLE = "can't open the phone directory"
FBI = "(502) 583-3941"
#: Messages whose answers need no directory: emergency, crisis, assault, a
#: mistaken 911 call, texting, the non-emergency line, a greeting.
WITHOUT_DIRECTORY = [
    "someone is breaking into my house right now",
    "I want to kill myself",
    "I was raped",
    "I dialed 911 by mistake",
    "can I text a dispatcher?",
    "what is the non-emergency number",
    "hello",
]
# README: a locked SQLite file costs about a second per statement, a refusal a few seconds.
REFUSAL_MAX_S = 4 * SQLITE_BUSY_TIMEOUT_S
# Residents refused at the same moment wait for each other (measured: 5.1, 8.2 and 9.2 s
# for three): the wait for the lock blocks the server's event loop. See the strict xfail.
CONCURRENT_REFUSAL_MAX_S = 3 * REFUSAL_MAX_S
LOOKUPS = ["what is the FBI number?", "phone number for animal control", "list the crisis lines"]


def user_texts(path, sender: str) -> list:
    return [json.loads(row[2]).get("text") for row in events_of(path, sender) if row[0] == "user"]


def rasa_pid(stack) -> int:
    return stack._processes["rasa"].pid


@pytest.fixture(scope="module")
def usual_answers(hardened):
    """What the assistant answers with every part up: the reference."""
    answers = {}
    for text in WITHOUT_DIRECTORY:
        reply = say(hardened, "usual-answers", text)
        assert is_normal_answer(reply), (text, reply)
        answers[text] = reply.texts
    return answers


def assert_answers_without_directory(stack, sender: str, usual: dict) -> None:
    """The same answers as with the directory up, word for word."""
    for text in WITHOUT_DIRECTORY:
        reply = say(stack, sender, text)
        assert reply.status == 200 and reply.texts == usual[text], (text, reply)


def assert_lookups_degrade(stack, sender: str, max_seconds: float) -> None:
    for text in LOOKUPS:
        reply = say(stack, sender, text)
        assert reply.status == 200, reply
        assert DIRECTORY_UNAVAILABLE in reply.text and NON_EMERGENCY in reply.text, (text, reply)
        assert "911" in reply.text
        assert reply.seconds <= max_seconds, (text, reply.seconds)


def assert_lookups_work(stack, sender: str) -> None:
    reply = say(stack, sender, "what is the FBI number?")
    assert is_normal_answer(reply) and FBI in reply.text, reply
    assert DIRECTORY_UNAVAILABLE not in reply.text


def test_action_server_down_and_back(hardened, summary, usual_answers):
    pid = rasa_pid(hardened)
    assert_lookups_work(hardened, "down-1")
    hardened.stop_action_server()
    summary["failure: action server stopped"] += 1
    try:
        assert_answers_without_directory(hardened, "down-1", usual_answers)
        assert_lookups_degrade(hardened, "down-1", max_seconds=5)
        # after the apology, the conversation goes on normally
        assert_answers_without_directory(hardened, "down-1", usual_answers)
    finally:
        hardened.start_action_server()
    assert_lookups_work(hardened, "down-1")  # same conversation, no restart
    assert_lookups_work(hardened, "down-2")
    assert rasa_pid(hardened) == pid


def test_action_server_that_never_answers(hardened, summary, usual_answers):
    """A hung action server: each lookup waits ACTION_TIMEOUT_S at most, not Rasa's
    5 minutes, and other residents are answered at once meanwhile."""
    hardened.stop_action_server()
    summary["failure: action server hung (accepts, never answers)"] += 1
    try:
        with SilentServer(hardened.settings.action_port) as silent:
            with ThreadPoolExecutor(4) as pool:
                slow = pool.submit(assert_lookups_degrade, hardened, "slow-1", ACTION_TIMEOUT_S + 3)
                # the first lookup is waiting on the hung server before the others write
                deadline = time.monotonic() + 10
                while not silent.accepted and time.monotonic() < deadline:
                    time.sleep(0.01)
                assert silent.accepted, "the lookup never reached the action server"
                started = time.monotonic()
                assert_answers_without_directory(hardened, "slow-2", usual_answers)
                assert time.monotonic() - started < ACTION_TIMEOUT_S  # not queued behind it
                slow.result()
            assert silent.accepted >= len(LOOKUPS)
    finally:
        hardened.start_action_server()
    assert_lookups_work(hardened, "slow-1")


class _ErrorHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"error": "boom"}'
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_action_server_that_answers_errors(hardened, summary, usual_answers):
    hardened.stop_action_server()
    summary["failure: action server answering 500"] += 1
    server = ThreadingHTTPServer(("127.0.0.1", hardened.settings.action_port), _ErrorHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert_lookups_degrade(hardened, "broken-1", max_seconds=5)
        assert_answers_without_directory(hardened, "broken-1", usual_answers)
    finally:
        server.shutdown()
        server.server_close()
        hardened.start_action_server()
    assert_lookups_work(hardened, "broken-1")


def test_tracker_store_unavailable_for_a_moment(hardened, summary):
    """SQLite locked by another process (a backup, a stuck tool). Rasa would answer
    as if each resident had just arrived and drop the record; here a message that
    cannot be recorded is refused cleanly: REST 503 with 911 and the non-emergency
    line (the widget offers to send it again), socket.io the same words instead of
    the answer. No hang: a few SQLITE_BUSY_TIMEOUT_S at most. Once the lock is gone,
    the messages sent again are answered and recorded, the history intact."""
    path = hardened.tracker_sqlite_path
    assert is_normal_answer(say(hardened, "store-1", "hello"))
    client = Client(hardened.rasa_url)
    session = client.start_session("store-socket-1")
    assert client.ask(session, "hello")
    before = events_of(path, "store-1")
    summary["failure: tracker store locked"] += 1
    sent = [
        ("store-0", "hello"),
        ("store-1", "what is the FBI number?"),
        ("store-2", "hello"),
        ("store-3", "someone is breaking into my house right now"),
    ]
    with sqlite_locked(path):
        alone = say(hardened, *sent[0])  # one resident: the README's few seconds
        with ThreadPoolExecutor(3) as pool:
            replies = [alone, *pool.map(lambda args: say(hardened, *args), sent[1:])]
        socket_replies = client.ask(session, "what is the FBI number?")
    print(
        f"\nrefused while the store was locked: alone in {alone.seconds:.2f} s, three at "
        f"once in {[round(r.seconds, 2) for r in replies[1:]]} s"
    )

    # Once the store is back, every refused message is sent again, as the widget offers.
    # Lost: a message the resident got an answer to that is not recorded.
    answered = {"store-0": [], "store-1": ["hello"], "store-2": [], "store-3": [], session: ["hello"]}
    resent = []
    for (sender, text), reply in zip(sent, replies):
        if reply.status == 503:
            reply = say(hardened, sender, text)
            resent.append(reply)
        if is_normal_answer(reply):
            answered[sender].append(text)
    socket_texts = [r.get("text") for r in socket_replies]
    if socket_texts == [UNAVAILABLE_TEXT]:
        socket_replies = client.ask(session, "what is the FBI number?")
    if socket_replies:
        answered[session].append("what is the FBI number?")
    client.close()
    recorded = {sender: user_texts(path, sender) for sender in answered}
    lost = sum(
        sum((Counter(texts) - Counter(recorded[sender])).values()) for sender, texts in answered.items()
    )
    summary["lost: messages (refused while the store was locked, then sent again)"] += lost
    assert lost == 0, (answered, recorded)

    assert alone.seconds <= REFUSAL_MAX_S, alone.seconds
    for reply in replies:
        assert reply.status == 503, reply
        assert NON_EMERGENCY in reply.body["error"] and "911" in reply.body["error"]
        assert reply.headers.get("Retry-After") == "5", reply.headers  # as the README says
        assert reply.seconds <= CONCURRENT_REFUSAL_MAX_S, reply.seconds
    assert socket_texts == [UNAVAILABLE_TEXT]
    assert all(is_normal_answer(r) for r in resent) and FBI in resent[1].text, resent
    assert any(FBI in (r.get("text") or "") for r in socket_replies), socket_replies
    assert recorded == {
        "store-0": ["hello"],
        "store-1": ["hello", "what is the FBI number?"],
        "store-2": ["hello"],
        "store-3": [sent[3][1]],
        session: ["hello", "what is the FBI number?"],
    }
    after = events_of(path, "store-1")
    assert after[: len(before)] == before  # the earlier history intact


@pytest.mark.xfail(
    strict=True,
    reason="refusals are not answered in parallel: three residents "
    "at once wait 5-9 s. The SQLite wait blocks the Rasa server's event loop "
    "(even GET /webhooks/rest/ waits 2.7 s meanwhile); the README promises "
    "a few seconds",
)
def test_residents_refused_at_the_same_moment_each_wait_only_a_few_seconds(hardened):
    with sqlite_locked(hardened.tracker_sqlite_path):
        with ThreadPoolExecutor(3) as pool:
            replies = list(pool.map(lambda n: say(hardened, f"store-at-once-{n}", "hello"), range(3)))
    assert [r.status for r in replies] == [503] * 3
    assert max(r.seconds for r in replies) <= REFUSAL_MAX_S, [r.seconds for r in replies]
