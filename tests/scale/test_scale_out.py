"""The production mode on this machine: PostgreSQL, Redis, nginx, two Rasa servers.

One stack for the module (launcher/prod.py on free ports, private folders). The
tests may run in any order: those that kill, stop or restart part of it or all of it
bring it back, also when they fail, and after each test every part must be running.
Its chat page and widget come from a copy of web/ inside a folder only its owner can
enter (mode 0700), as in a fresh clone made in `mktemp -d` or a private home folder.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import signal
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import List

import aiohttp
import pytest

import launcher.prod
from bench.conversations import DEA, FBI, POISON, messages
from bench.load import LoadResult, Sample, reply_text, run_conversation, send
from channels.rest import UNAVAILABLE_TEXT
from channels.signature import sign
from launcher.prod import ProdSettings, ProdStack
from launcher.stack import MIN_UPTIME_BEFORE_RESTART_S
from tests.messenger.fake_graph import FakeGraph

from .prodkit import all_events, events, session_starts, turns_are_serial, user_texts

pytestmark = pytest.mark.e2e

SECRET = "scale-app-secret"
PAGE_ID = "104857600000001"
_mids = itertools.count(1)


@pytest.fixture(scope="module")
def graph():
    with FakeGraph() as fake:
        yield fake


@pytest.fixture(scope="module")
def private_web_root(tmp_path_factory):
    """web/ copied into a folder nginx's workers (`nobody`) cannot enter."""
    checkout = tmp_path_factory.mktemp("private-checkout")
    shutil.copytree(launcher.prod.WEB_ROOT, checkout / "web", ignore=shutil.ignore_patterns("node_modules"))
    checkout.chmod(0o700)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(launcher.prod, "WEB_ROOT", checkout / "web")
        yield checkout / "web"


@pytest.fixture(scope="module")
def stack(prod_installed, graph, module_services_dir, tmp_path_factory, private_web_root):
    for attempt in range(3):
        settings = ProdSettings.for_tests(
            tmp_path_factory.mktemp("prod"),
            module_services_dir,
            env={
                "FACEBOOK_VERIFY_TOKEN": "scale-verify",
                "FACEBOOK_APP_SECRET": SECRET,
                "FACEBOOK_PAGE_ACCESS_TOKEN": "EAAB-scale-token",
                "FACEBOOK_GRAPH_URL": graph.url,
            },
        )
        running = ProdStack(settings)
        try:
            running.start()
            break
        except RuntimeError as error:
            # the ports were picked free, and someone else on the machine took one
            # before its server bound it: pick them all again
            message = str(error).lower()
            if "address already in use" not in message and "is in use" not in message or attempt == 2:
                raise
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def whole_stack_runs(stack):
    """Every part that ran before a test runs after it: no test depends on another's
    leftovers."""
    parts = set(stack.process_ids())
    yield
    assert set(stack.process_ids()) == parts, f"parts down after the test: {parts - set(stack.process_ids())}"


def _run(coroutine):
    return asyncio.run(coroutine)


async def _one(url: str, sender: str, text: str, check=None) -> Sample:
    async with aiohttp.ClientSession() as session:
        return await send(session, url, sender, text, check)


def _upstreams(stack: ProdStack) -> List[str]:
    """The Rasa server nginx sent each /webhooks/ POST to, from its access log."""
    log = (stack.nginx_dir / "access.log").read_text()
    return [
        line.split("upstream=")[1].split()[0]
        for line in log.splitlines()
        if "POST /webhooks/" in line and "upstream=" in line
    ]


# --- one conversation across both servers -----------------------------------------------
def test_alternating_servers_share_the_whole_history(stack):
    sender = "alternating-1"
    turns = [
        ("hi", None),
        ("what's the number for the FBI?", FBI),
        ("and the DEA?", DEA),
        ("poison control number please", POISON),
        ("thanks", None),
    ]

    async def conversation():
        async with aiohttp.ClientSession() as session:
            return [
                await send(session, stack.instance_rest_url(i % 2), sender, text, check, i)
                for i, (text, check) in enumerate(turns)
            ]

    samples = _run(conversation())
    assert [s.error for s in samples if not s.ok] == []
    # the follow-up was answered by the other server than the first lookup, right
    assert samples[1].url == stack.instance_rest_url(1) and samples[2].url == stack.instance_rest_url(0)
    assert DEA in reply_text(samples[2].replies) and "DEA" in reply_text(samples[2].replies)
    # the tracker store has the whole conversation, once, in order: the second server
    # continued the first one's session instead of starting its own
    assert user_texts(stack, sender) == [text for text, _ in turns]
    assert session_starts(stack, sender) == 1
    assert turns_are_serial(stack, sender)
    bot_texts = [data.get("text") for kind, data in events(stack, sender) if kind == "bot"]
    assert any(DEA in (t or "") for t in bot_texts) and any(FBI in (t or "") for t in bot_texts)


# --- the lock store: the same conversation on both servers at the same moment -------------
def test_simultaneous_messages_to_both_servers_are_all_processed_one_at_a_time(stack):
    turns = [
        ("what's the number for the FBI?", FBI),
        ("and the DEA?", DEA),
        ("poison control number please", POISON),
        ("hi", None),
        ("how do I text 911?", None),
        ("thanks", None),
    ]

    async def burst(sender: str) -> List[Sample]:
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
            return list(
                await asyncio.gather(
                    *[
                        send(session, stack.instance_rest_url(i % 2), sender, text, check, i)
                        for i, (text, check) in enumerate(turns)
                    ]
                )
            )

    for round_ in range(5):
        sender = f"simultaneous-{round_}"
        samples = _run(burst(sender))
        # each request got the answer to its own message (no reply lost or swapped)
        assert [s.error for s in samples if not s.ok] == [], sender
        stored = user_texts(stack, sender)
        assert sorted(stored) == sorted(text for text, _ in turns), sender  # all, once each
        assert turns_are_serial(stack, sender), f"{sender}: two messages processed at once"
        assert session_starts(stack, sender) == 1


def test_messages_sent_a_moment_apart_to_alternating_servers_stay_in_order(stack):
    """Messages queue on the conversation's lock in the order the servers take them up,
    and are processed in that order. Each server takes up what it receives in order;
    between two servers, a busy one may take up a message a few tens of ms late (it
    finishes its current step first), so two messages sent to two servers closer
    together than that may swap. Order per server, and one at a time, always."""
    for round_ in range(3):
        turns = messages("ours", 8, seed=5 + round_)
        sender = f"ordered-{round_}"

        async def staggered() -> List[Sample]:
            async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

                async def later(i, text, check):
                    await asyncio.sleep(0.04 * i)
                    return await send(session, stack.instance_rest_url(i % 2), sender, text, check, i)

                return list(await asyncio.gather(*[later(i, t, c) for i, (t, c) in enumerate(turns)]))

        samples = _run(staggered())
        assert [s.error for s in samples if not s.ok] == []
        stored = user_texts(stack, sender)
        assert sorted(stored) == sorted(text for text, _ in turns)
        for server in (0, 1):
            sent_there = [text for i, (text, _) in enumerate(turns) if i % 2 == server]
            assert [t for t in stored if t in sent_there] == sent_there, (server, stored)
        assert turns_are_serial(stack, sender)


# --- every channel through the load balancer ------------------------------------------------
def test_rest_through_nginx_reaches_both_servers(stack):
    before = len(_upstreams(stack))

    async def load():
        connector = aiohttp.TCPConnector(limit=0)
        samples: List[Sample] = []
        async with aiohttp.ClientSession(connector=connector) as session:
            await asyncio.gather(
                *[
                    run_conversation(
                        session, lambda _i: stack.lb_rest_url, f"lb-{c}", messages("ours", 4, seed=c), samples
                    )
                    for c in range(8)
                ]
            )
        return samples

    samples = _run(load())
    assert [s.error for s in samples if not s.ok] == []
    used = set(_upstreams(stack)[before:])
    assert used == {f"127.0.0.1:{port}" for port in stack.prod.rasa_ports}
    for c in range(8):
        assert user_texts(stack, f"lb-{c}") == [t for t, _ in messages("ours", 4, seed=c)]


def test_chat_page_and_widget_are_served_by_nginx_pointing_at_it(stack):
    with urllib.request.urlopen(stack.lb_url + "/", timeout=10) as response:
        page = response.read().decode()
        csp = response.headers["Content-Security-Policy"]
    assert f'data-server-url="{stack.public_url}"' in page
    assert "__JTPD_ASSISTANT_URL__" not in page
    assert "default-src 'self'" in csp and stack.public_url in csp
    with urllib.request.urlopen(stack.lb_url + "/widget/jtpd-chat.js", timeout=10) as response:
        assert response.status == 200 and "javascript" in response.headers["Content-Type"]
    # the widget's request from the page's origin: allowed by every server (CORS)
    request = urllib.request.Request(
        stack.lb_rest_url,
        method="POST",
        data=json.dumps({"sender": "cors-1", "message": "hi"}).encode(),
        headers={"Content-Type": "application/json", "Origin": stack.public_url},
    )
    for _ in range(2):  # least_conn: both servers in turn
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Access-Control-Allow-Origin"] == stack.public_url
            assert json.loads(response.read())


def test_widget_in_chromium_through_nginx(stack):
    chromium = Path("/usr/bin/chromium")
    if not os.access(chromium, os.X_OK):
        pytest.fail("/usr/bin/chromium not found: run scripts/install-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.goto(stack.public_url + "/")
            page.locator("#jtpd-launcher").click()
            for text, number in (("what's the number for the FBI?", FBI), ("and the DEA?", DEA)):
                page.locator("#jtpd-input").fill(text)
                page.locator("#jtpd-send").click()
                page.locator("#jtpd-log .jtpd-msg.jtpd-bot", has_text=number).first.wait_for(timeout=30_000)
        finally:
            browser.close()


def _messenger_post(stack: ProdStack, psid: str, text: str, mid: str = "", base_url: str = "") -> int:
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": PAGE_ID,
                    "time": 1,
                    "messaging": [
                        {
                            "sender": {"id": psid},
                            "recipient": {"id": PAGE_ID},
                            "timestamp": 1,
                            "message": {"mid": mid or f"m_scale{next(_mids)}", "text": text},
                        }
                    ],
                }
            ],
        }
    ).encode()
    request = urllib.request.Request(
        f"{base_url or stack.lb_url}/webhooks/messenger/webhook",
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(SECRET, body)},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_messenger_through_nginx(stack, graph):
    assert stack.messenger_enabled
    # Meta's verification handshake, through nginx
    query = "hub.mode=subscribe&hub.verify_token=scale-verify&hub.challenge=12345"
    with urllib.request.urlopen(f"{stack.lb_url}/webhooks/messenger/webhook?{query}", timeout=10) as response:
        assert response.read().decode() == "12345"
    before = len(_upstreams(stack))
    psids = [f"71000000000000{n:02d}" for n in range(4)]
    for psid in psids:
        assert _messenger_post(stack, psid, "what's the number for the FBI?") == 200
    for psid in psids:
        assert _messenger_post(stack, psid, "and the DEA?") == 200
    for psid in psids:
        # each answer, then its "Was this helpful?" (tests/messenger/test_feedback_e2e.py)
        texts = [sent.text for sent in graph.wait_for_count(psid, 4, timeout=30)]
        assert any(FBI in t for t in texts) and any(DEA in t for t in texts), texts
        # the reply goes out before the tracker is saved: give it a moment
        expected = ["what's the number for the FBI?", "and the DEA?"]
        deadline = time.monotonic() + 15
        while user_texts(stack, psid) != expected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert user_texts(stack, psid) == expected
    used = {u for u in _upstreams(stack)[before:]}
    assert len(used) == 2, f"Messenger webhooks all went to {used}"


def test_a_message_redelivered_to_the_other_server_is_answered_once(stack, graph):
    """Meta sends a message again when it did not get a timely 200; behind nginx the
    second delivery may reach the other server. The message ids are shared in Redis."""
    psid, text, mid = "7200000000000001", "what's the number for the FBI?", "m_redelivered_1"
    assert _messenger_post(stack, psid, text, mid, stack.instance_url(0)) == 200
    graph.wait_for_count(psid, 2, timeout=30)  # the answer and its "Was this helpful?"
    assert _messenger_post(stack, psid, text, mid, stack.instance_url(1)) == 200
    # A later message of the conversation is answered after anything the redelivery
    # caused (one conversation's messages are handled in order): no quiet period.
    assert _messenger_post(stack, psid, "and the DEA?", "m_redelivered_2", stack.instance_url(1)) == 200
    sent = graph.wait_for(lambda s: any(DEA in x.text for x in s if x.recipient == psid), timeout=30)
    texts = [x.text for x in sent if x.recipient == psid]
    assert len([t for t in texts if FBI in t]) == 1, texts
    deadline = time.monotonic() + 15
    while len(user_texts(stack, psid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert user_texts(stack, psid) == [text, "and the DEA?"]


def test_socketio_long_polling_through_nginx_sticks_to_one_server(stack):
    """Long polling: every HTTP request of a session must reach the server holding it."""
    import socketio

    async def chat():
        client = socketio.AsyncClient(reconnection=False)
        replies: asyncio.Queue = asyncio.Queue()
        client.on("bot_uttered", lambda data: replies.put_nowait(data))
        await client.connect(
            stack.lb_url, socketio_path="/socket.io", transports=["polling"], wait_timeout=20
        )
        try:
            got = []
            for text in ("what's the number for the FBI?", "and the DEA?"):
                await client.emit("session_request", {"session_id": "socket-poll-1"})
                await client.emit("user_uttered", {"message": text, "session_id": "socket-poll-1"})
                got.append(await asyncio.wait_for(replies.get(), 30))
            return got
        finally:
            await client.disconnect()

    first, second = _run(chat())
    assert FBI in (first.get("text") or "") and DEA in (second.get("text") or "")


def test_socketio_websocket_through_nginx(stack):
    """A WebSocket (Engine.IO 4 / Socket.IO 5 frames by hand) through nginx's upgrade."""

    async def chat():
        url = f"{stack.lb_url}/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url, timeout=20) as ws:

                async def frame() -> str:
                    while True:
                        message = await asyncio.wait_for(ws.receive_str(), 30)
                        if message == "2":  # Engine.IO ping
                            await ws.send_str("3")
                            continue
                        return message

                assert (await frame()).startswith("0")  # open
                await ws.send_str("40")
                assert (await frame()).startswith("40")  # connected
                await ws.send_str('42["session_request",{"session_id":"socket-ws-1"}]')
                await ws.send_str(
                    '42["user_uttered",{"message":"what\'s the number for the FBI?",'
                    '"session_id":"socket-ws-1"}]'
                )
                while True:
                    message = await frame()
                    if message.startswith('42["bot_uttered"'):
                        return json.loads(message[2:])[1]

    reply = _run(chat())
    assert FBI in (reply.get("text") or "")


# --- one conversation stuck; a server killed in the middle of the load ----------------------
def _post(url: str, sender: str, text: str):
    request = urllib.request.Request(
        url,
        method="POST",
        data=json.dumps({"sender": sender, "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_a_stuck_conversation_gets_the_json_error_and_everyone_else_goes_on(stack):
    """A conversation whose lock is held by a server that hangs: its message waits for
    the response timeout (15 s). The resident gets the project's JSON error (911 and
    the non-emergency line), once, and the server that answered 503 is not marked
    failed: the next messages of other conversations are answered at once."""
    import redis
    from rasa.core.lock import TicketLock

    env = stack.environment()
    red = redis.Redis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), db=int(env["REDIS_DB"]))
    sender = "stuck-1"
    key = f"{env['REDIS_KEY_PREFIX']}:lock:{sender}"
    hung = TicketLock(sender)
    hung.issue_ticket(50)  # a holder that hangs for 50 s
    red.set(key, hung.dumps(), ex=60)
    try:
        started = time.monotonic()
        status, content_type, body = _post(stack.lb_rest_url, sender, "hi")
        waited = time.monotonic() - started
        after = [
            _run(_one(stack.lb_rest_url, f"after-stuck-{i}", "what's the number for the FBI?", FBI))
            for i in range(4)
        ]
    finally:
        red.delete(key)
    assert (status, content_type) == (503, "application/json"), body[:300]
    assert json.loads(body) == {"error": UNAVAILABLE_TEXT}
    assert "911" in UNAVAILABLE_TEXT and "(502) 267-0503" in UNAVAILABLE_TEXT
    assert waited < 25, f"{waited:.0f} s: the 503 was retried on the other server"
    assert [f"{s.status} {s.error}" for s in after if not s.ok] == []


async def _load_through_nginx(stack, all_turns, samples, alongside) -> None:
    """Every conversation through nginx at once, with a resident's typing gap before each
    message so the load spans what `alongside` does to a server (kill it, stop it)."""

    async def pace():
        await asyncio.sleep(0.05)

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        await asyncio.gather(
            alongside,
            *[
                run_conversation(
                    session, lambda _i: stack.lb_rest_url, sender, turns, samples, before_each=pace
                )
                for sender, turns in all_turns.items()
            ],
        )


def test_killing_a_server_under_load_loses_no_message(stack):
    """30 conversations of 12 messages through nginx; one Rasa server is killed
    (SIGKILL, as the out-of-memory killer would) a second into the load. Every
    message is answered, and stored in order in PostgreSQL; the launcher starts the
    dead server again.

    A message the dead server had stored but not yet answered is sent again to the
    other server by nginx, and stored twice: at least once, never lost (a REST
    message has no id to tell a repeat by). Only such a message, once, may repeat."""
    conversations, per_conversation = 30, 12
    all_turns = {f"crash-{c}": messages("ours", per_conversation, seed=300 + c) for c in range(conversations)}
    result = LoadResult(conversations)
    victim = stack.process_ids()[stack.instance_names[0]]
    killed_at = {}

    async def load():
        async def killer():
            await asyncio.sleep(1.0)
            while not result.samples:  # a slow machine: the load must be under way
                await asyncio.sleep(0.05)
            killed_at["answered"] = len(result.samples)
            os.kill(victim, signal.SIGKILL)

        await _load_through_nginx(stack, all_turns, result.samples, killer())

    _run(load())
    assert 0 < killed_at["answered"] < conversations * per_conversation // 2, killed_at
    assert [f"{s.sender}#{s.index}: {s.status} {s.error}" for s in result.failures] == []
    slowest = max(s.latency for s in result.samples)
    print(
        f"answered {len(result.ok)} of {len(result.samples)}; killed after "
        f"{killed_at['answered']}; slowest answer {slowest:.1f} s"
    )
    # the dead server's locks expire after 5 s (Rasa's own lifetime: 60 s)
    assert slowest < 12, "a conversation waited too long for the dead server's lock"
    repeated = 0
    for sender, turns in all_turns.items():
        stored, sent = user_texts(stack, sender), [text for text, _ in turns]
        with_one_repeat = [sent[: i + 1] + sent[i:] for i in range(len(sent))]
        assert stored == sent or stored in with_one_repeat, (sender, stored)
        repeated += len(stored) - len(sent)
        assert turns_are_serial(stack, sender), sender
        assert session_starts(stack, sender) == 1, sender
    print(f"messages stored twice (in flight on the killed server): {repeated}")
    assert repeated <= 5
    # the launcher notices and starts it again, as its loop does: a server that died
    # within MIN_UPTIME_BEFORE_RESTART_S of its start waits that long (a crash-loop
    # guard), which is the case when this test runs first or alone
    deadline = time.monotonic() + MIN_UPTIME_BEFORE_RESTART_S + 10
    restarted = stack.restart_crashed()
    while not restarted and time.monotonic() < deadline:
        time.sleep(0.5)
        restarted = stack.restart_crashed()
    assert restarted == [stack.instance_names[0]]
    deadline = time.monotonic() + 240
    while not stack.instance_answers(0) and time.monotonic() < deadline:
        time.sleep(0.5)
    sample = _run(_one(stack.instance_rest_url(0), "crash-0", "and the DEA?", DEA))
    assert sample.ok, sample.error


# --- losing a server in the middle of the load ----------------------------------------------
def test_stopping_one_server_mid_load_loses_no_conversation(stack):
    conversations, per_conversation = 20, 8
    all_turns = {
        f"failover-{c}": messages("ours", per_conversation, seed=100 + c) for c in range(conversations)
    }
    result = LoadResult(conversations)
    stopped_at = {}

    async def load():
        done = asyncio.Event()

        async def stopper():
            # once a third of the messages are answered, stop server 1 (SIGTERM)
            while len(result.samples) < conversations * per_conversation // 3:
                await asyncio.sleep(0.01)
            stopped_at["answered"] = len(result.samples)
            await asyncio.to_thread(stack.stop_instance, 0)
            stopped_at["after_stop"] = len(result.samples)
            done.set()

        await _load_through_nginx(stack, all_turns, result.samples, stopper())
        assert done.is_set()

    try:
        _run(load())
    finally:  # whatever failed, the server comes back for the other tests
        if stack.instance_names[0] not in stack.process_ids():
            stack.start_instance(0)
    assert 0 < stopped_at["answered"] < conversations * per_conversation
    assert [f"{s.sender}#{s.index}: {s.status} {s.error}" for s in result.failures] == []
    for sender, turns in all_turns.items():
        assert user_texts(stack, sender) == [text for text, _ in turns], sender
        assert turns_are_serial(stack, sender)
        assert session_starts(stack, sender) == 1
    # the remaining messages went to the other server
    first, second = (f"127.0.0.1:{port}" for port in stack.prod.rasa_ports)
    log = _upstreams(stack)
    assert log[-20:] and all(u.split(",")[-1].strip() == second for u in log[-20:]), log[-20:]
    # and it came back
    sample = _run(_one(stack.instance_rest_url(0), "failover-0", "and the DEA?", DEA))
    assert sample.ok, sample.error


# --- the whole stack restarted -------------------------------------------------------------
def test_conversations_survive_a_restart_of_the_whole_stack(stack):
    async def conversation():
        async with aiohttp.ClientSession() as session:
            return [
                await send(session, stack.lb_rest_url, "restart-1", text, check, i)
                for i, (text, check) in enumerate([("hi", None), ("what's the number for the FBI?", FBI)])
            ]

    assert all(sample.ok for sample in _run(conversation()))
    before = all_events(stack)
    try:
        stack.stop()  # nginx, Rasa servers, action server, Redis, PostgreSQL
        assert not any(stack.process_ids().values())
    finally:
        stack.start()
    assert all_events(stack) == before  # every conversation of this module, event for event
    sample = _run(_one(stack.lb_rest_url, "restart-1", "and the DEA?", DEA))
    assert sample.ok, sample.error
    assert user_texts(stack, "restart-1") == ["hi", "what's the number for the FBI?", "and the DEA?"]
    assert session_starts(stack, "restart-1") == 1  # the same session goes on
