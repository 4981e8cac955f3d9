"""The Messenger channel on the real assistant: signed webhooks in, Send API calls out.

The real action server and Rasa server start through launcher/stack.py with the
FACEBOOK_* variables set and FACEBOOK_GRAPH_URL pointing at a fake Graph API on
127.0.0.1, which records every message the channel sends.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import time
import urllib.error
import urllib.request
from typing import Dict, Tuple

import pytest

from launcher.stack import Stack, StackSettings

from . import meta
from .fake_graph import FakeGraph

pytestmark = pytest.mark.e2e

VERIFY = "e2e-verify-token"
SECRET = "e2e-app-secret"
TOKEN = "EAAB-e2e-page-token"
_psids = itertools.count(7_100_000_000_000_001)


def new_psid() -> str:
    return str(next(_psids))


@pytest.fixture(scope="module")
def graph():
    with FakeGraph() as fake:
        yield fake
        assert fake.malformed() == [], "the channel sent messages Messenger would refuse"


@pytest.fixture(scope="module")
def stack(graph, tmp_path_factory):
    settings = StackSettings.for_tests(
        tmp_path_factory.mktemp("messenger"),
        start_web=False,
        env={
            "FACEBOOK_VERIFY_TOKEN": VERIFY,
            "FACEBOOK_APP_SECRET": SECRET,
            "FACEBOOK_PAGE_ACCESS_TOKEN": TOKEN,
            "FACEBOOK_GRAPH_URL": graph.url,
        },
    )
    with Stack(settings) as running:
        assert running.messenger_enabled
        yield running


def webhook(stack: Stack) -> str:
    return f"{stack.rasa_url}/webhooks/messenger/webhook"


def _open(request: urllib.request.Request) -> Tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def post(stack: Stack, body: bytes, headers: Dict[str, str]) -> int:
    return _open(urllib.request.Request(webhook(stack), data=body, headers=headers, method="POST"))[0]


def send(stack: Stack, *events: dict) -> int:
    return post(stack, *meta.signed(SECRET, meta.page_body(*events)))


def user_texts(stack: Stack, psid: str):
    """What reached the assistant from `psid`: the user events in its tracker store."""
    path = stack.tracker_sqlite_path
    assert path.exists(), f"no tracker store at {path}: nothing was recorded"
    with sqlite3.connect(str(path)) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id", (psid,)
        ).fetchall()
    return [json.loads(data).get("text") for (data,) in rows]


def recorded_user_texts(stack: Stack, psid: str, count: int):
    """user_texts once `count` are recorded: the answer goes out before the
    conversation is saved."""
    deadline = time.monotonic() + 30
    while len(user_texts(stack, psid)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return user_texts(stack, psid)


def answer(graph: FakeGraph, psid: str, count: int = 1):
    """What the channel sent to `psid` once it has stopped sending."""
    graph.wait_for_count(psid, count, timeout=60)
    return graph.settle(psid, quiet=1.0)


# --- verification and signatures -----------------------------------------------------


def test_webhook_verification(stack):
    url = webhook(stack) + "?hub.mode=subscribe&hub.challenge=31415926&hub.verify_token="
    assert _open(urllib.request.Request(url + VERIFY)) == (200, "31415926")
    assert _open(urllib.request.Request(url + "wrong"))[0] == 403


@pytest.mark.parametrize("signature", ["forged", "missing"])
def test_an_unsigned_or_forged_post_gets_403_and_no_reply(stack, graph, signature):
    psid = new_psid()
    body = json.dumps(meta.page_body(meta.text(psid, "someone is breaking in"))).encode()
    headers = {"Content-Type": "application/json"}
    if signature == "forged":
        headers["X-Hub-Signature-256"] = meta.sign("not-the-app-secret", body)
    assert post(stack, body, headers) == 403
    # A signed message that follows is answered on its own.
    assert send(stack, meta.text(psid, "hello")) == 200
    sent = answer(graph, psid)
    assert not any("Call 911 now" in s.text for s in sent)
    assert user_texts(stack, psid) == ["hello"]


# --- replies -------------------------------------------------------------------------


def test_an_emergency_reply_leads_with_911_and_meta_accepts_it_at_once(stack, graph):
    psid = new_psid()
    assert send(stack, meta.text(psid, "help someone is breaking into my house right now")) == 200
    sent = answer(graph, psid)
    assert sent[0].text.startswith("Call 911 now")
    # no refused send (a short-code call button) before the resident gets it
    assert all(s.status == 200 for s in sent), [(s.status, s.text[:40]) for s in sent]


def test_a_lookup_gives_the_right_number_and_call_button(stack, graph):
    psid = new_psid()
    send(stack, meta.text(psid, "poison control number"))
    sent = answer(graph, psid)
    reply = [s for s in sent if "(502) 589-8222" in s.text]
    assert reply, [s.text for s in sent]
    assert {"type": "phone_number", "title": "Call (502) 589-8222", "payload": "+15025898222"} in reply[
        0
    ].call_buttons


def test_a_crisis_reply_gives_988_and_911_and_meta_accepts_it_at_once(stack, graph):
    psid = new_psid()
    send(stack, meta.text(psid, "i dont want to live anymore"))
    sent = answer(graph, psid)
    text = "\n".join(s.text for s in sent)
    assert "988" in text and "911" in text
    assert all(s.status == 200 for s in sent), [(s.status, s.text[:40]) for s in sent]


def test_a_category_listing_keeps_at_most_3_call_buttons_per_message(stack, graph):
    psid = new_psid()
    send(stack, meta.text(psid, "list the federal agencies"))
    sent = answer(graph, psid)
    text = "\n".join(s.text for s in sent)
    for number in [
        "(502) 753-3400",
        "(502) 582-5908",
        "(502) 583-3941",
        "(502) 583-6680",
        "(502) 582-5141",
        "(502) 582-5171",
    ]:
        assert number in text
    assert all(len(s.call_buttons) <= 3 for s in sent)
    assert all(len(s.text) <= 2000 for s in sent)


def test_buttons_become_quick_replies_and_a_tap_is_understood(stack, graph):
    psid = new_psid()
    send(stack, meta.text(psid, "metro"))
    sent = answer(graph, psid)
    choices = [q for s in sent for q in s.quick_replies]
    assert 1 < len(choices) <= 13
    assert all(len(q["title"]) <= 20 for q in choices)
    corrections = [q for q in choices if "metro-corrections" in q["payload"]]
    assert corrections, choices
    graph.clear()
    send(stack, meta.quick_reply(psid, corrections[0]["title"], corrections[0]["payload"]))
    sent = answer(graph, psid)
    assert any("(502) 574-8477" in s.text for s in sent)
    assert any(b["payload"] == "+15025748477" for s in sent for b in s.call_buttons)


def test_a_postback_reaches_the_assistant(stack, graph):
    psid = new_psid()
    send(stack, meta.postback(psid, "Poison Control", "poison control"))
    sent = answer(graph, psid)
    assert any("(502) 589-8222" in s.text for s in sent)
    assert user_texts(stack, psid) == ["poison control"]


@pytest.mark.parametrize("builder", [meta.sticker, meta.image, meta.audio, meta.location])
def test_attachments_get_a_polite_reply_with_911(stack, graph, builder):
    psid = new_psid()
    send(stack, builder(psid))
    [sent] = answer(graph, psid)
    assert "911" in sent.text and "Sorry" in sent.text
    assert sent.status == 200 and sent.call_buttons == []
    assert user_texts(stack, psid) == []


def test_echoes_deliveries_and_reads_get_nothing(stack, graph):
    psid = new_psid()
    assert send(stack, meta.echo(psid, "Call 911 now."), meta.delivery(psid), meta.read(psid)) == 200
    # A message after them is the only thing answered. One conversation's messages are
    # handled in order: by its answer, any answer to the events before it has been sent.
    send(stack, meta.text(psid, "poison control"))
    # the answer, then its "Was this helpful?" (tests/messenger/test_feedback_e2e.py)
    graph.wait_for(
        lambda all_sent: any(x.text == "Was this helpful?" for x in all_sent if x.recipient == psid),
        timeout=60,
    )
    sent = graph.to(psid)
    assert [x.text for x in sent][1:] == ["Was this helpful?"], [x.text for x in sent]
    assert len(sent) == 2 and "(502) 589-8222" in sent[0].text
    assert recorded_user_texts(stack, psid, 1) == ["poison control"]


def test_a_message_delivered_twice_is_answered_once(stack, graph):
    """A later message of the same conversation is answered after anything the duplicate
    would have caused (one conversation's messages are handled in order), so its answer
    marks the end: no quiet period to outwait."""
    psid = new_psid()
    event = meta.text(psid, "poison control", mid=f"m_twice_{psid}")
    assert send(stack, event) == 200
    graph.wait_for_count(psid, 2, timeout=60)  # the answer and "Was this helpful?"
    assert send(stack, event) == 200
    assert send(stack, meta.text(psid, "what's the FBI's number")) == 200
    sent = graph.wait_for(
        lambda s: any("(502) 583-3941" in x.text for x in s if x.recipient == psid), timeout=60
    )
    texts = [s.text for s in sent if s.recipient == psid]
    assert len([t for t in texts if "(502) 589-8222" in t]) == 1, texts
    assert recorded_user_texts(stack, psid, 2) == ["poison control", "what's the FBI's number"]


def test_a_graph_500_does_not_break_the_next_message(stack, graph):
    psid = new_psid()
    graph.fail_next(500, times=2)  # the template, then its plain-text retry
    send(stack, meta.text(psid, "poison control"))
    failed = answer(graph, psid)
    assert failed and all(s.status == 500 for s in failed)
    send(stack, meta.text(psid, "what's the FBI's number"))
    sent = graph.wait_for(
        lambda s: any("(502) 583-3941" in x.text and x.status == 200 for x in s if x.recipient == psid),
        timeout=60,
    )
    assert sent
    assert TOKEN not in stack.log_text("rasa")
