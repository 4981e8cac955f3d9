"""The channel's HTTP behaviour, mounted with Rasa's own `register` on a Sanic app.

No model is needed: a stub agent stands in for the assistant (it records what
reaches it and answers like the real one: an emergency reply, a lookup, an echo),
and a fake Graph API on 127.0.0.1 records what the channel sends. The same cases run
against the real assistant in test_e2e.py.
"""

import itertools
import json
import logging
import threading
import urllib.error
import urllib.request
from typing import Dict, List, Tuple

import pytest
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

from channels.messenger import (
    CREDENTIALS_KEY,
    MessengerInput,
    MessengerOutput,
    credentials_from_env,
    describe_env,
)

from . import meta
from .fake_graph import FakeGraph
from .sanic_thread import SanicThread

VERIFY = "verify-token-for-tests"
SECRET = "app-secret-for-tests"
TOKEN = "EAAB-page-token-for-tests"
EMERGENCY_REPLY = (
    "If this is an emergency, call 911 now.\n"
    "Tell the dispatcher where you are. Do not hang up during the transfer."
)
LOOKUP_REPLY = "Poison Control Center: (502) 589-8222"
_psids = itertools.count(9_000_000_000_000_001)


def new_psid() -> str:
    return str(next(_psids))


class StubAgent:
    """Answers like the assistant, through the output channel Rasa hands it."""

    def __init__(self) -> None:
        self.received: List[UserMessage] = []
        self.lock = threading.Lock()

    def texts(self, sender: str) -> List[str]:
        with self.lock:
            return [m.text for m in self.received if m.sender_id == sender]

    async def handle_message(self, message: UserMessage) -> None:
        with self.lock:
            self.received.append(message)
        out = message.output_channel
        text = message.text or ""
        if "boom" in text:
            raise RuntimeError("the assistant failed")
        if "break" in text:
            await out.send_response(message.sender_id, {"text": EMERGENCY_REPLY})
        elif "poison" in text:
            await out.send_response(
                message.sender_id,
                {"text": LOOKUP_REPLY, "buttons": [{"title": "Another number", "payload": "/lookup_number"}]},
            )
        else:
            await out.send_response(message.sender_id, {"text": f"You said: {text}"})


class Stack:
    def __init__(self) -> None:
        self.graph = FakeGraph().start()
        self.channel = MessengerInput(VERIFY, SECRET, TOKEN, graph_url=self.graph.url, timeout=2.0)
        self.agent = StubAgent()
        app = Sanic(f"messenger_test_{id(self)}")
        app.ctx.agent = self.agent
        register([self.channel], app, route="/webhooks/")
        self.server = SanicThread(app).start()

    @property
    def webhook(self) -> str:
        return self.server.url + "/webhooks/messenger/webhook"

    def stop(self) -> None:
        self.server.stop()
        self.graph.stop()

    def post(self, body: bytes, headers: Dict[str, str]) -> Tuple[int, str]:
        request = urllib.request.Request(self.webhook, data=body, headers=headers, method="POST")
        return _open(request)

    def post_events(self, *events: dict) -> Tuple[int, str]:
        return self.post(*meta.signed(SECRET, meta.page_body(*events)))

    def get(self, path: str) -> Tuple[int, str]:
        return _open(urllib.request.Request(self.server.url + path))

    def drain(self) -> None:
        self.server.run(self.channel.drain())


def _open(request: urllib.request.Request) -> Tuple[int, str]:
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def stack():
    s = Stack()
    yield s
    s.stop()
    assert s.graph.malformed() == [], "the channel sent messages Messenger would refuse"


# --- webhook verification ------------------------------------------------------------


def test_verification_answers_the_challenge_for_the_right_token(stack):
    status, body = stack.get(
        f"/webhooks/messenger/webhook?hub.mode=subscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444"
    )
    assert (status, body) == (200, "1158201444")


@pytest.mark.parametrize(
    "query",
    [
        "hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444",
        "hub.mode=subscribe&hub.challenge=1158201444",
        f"hub.mode=unsubscribe&hub.verify_token={VERIFY}&hub.challenge=1158201444",
        "",
    ],
)
def test_verification_is_refused_with_403_otherwise(stack, query):
    status, body = stack.get("/webhooks/messenger/webhook?" + query)
    assert status == 403
    assert "1158201444" not in body


def test_health(stack):
    assert stack.get("/webhooks/messenger/")[0] == 200


# --- signatures ----------------------------------------------------------------------


def test_a_signed_text_message_reaches_the_assistant_and_is_answered(stack):
    psid = new_psid()
    status, _ = stack.post_events(meta.text(psid, "hello there"))
    assert status == 200
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert sent.text == "You said: hello there"
    assert sent.query["access_token"] == TOKEN
    assert stack.agent.texts(psid) == ["hello there"]
    assert stack.agent.received[-1].input_channel == "messenger"


@pytest.mark.parametrize(
    "make_headers",
    [
        lambda body: {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": meta.sign("not-the-app-secret", body),
        },
        lambda body: {"Content-Type": "application/json"},
        lambda body: {
            "Content-Type": "application/json",
            "X-Hub-Signature": "sha1=" + "0" * 40,
        },  # the legacy header only
        lambda body: {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + "0" * 64},
    ],
    ids=["forged", "missing", "legacy-sha1-only", "zeros"],
)
def test_a_forged_or_missing_signature_gets_403_and_reaches_nothing(stack, make_headers):
    psid = new_psid()
    body = json.dumps(meta.page_body(meta.text(psid, "I am not Meta"))).encode()
    status, _ = stack.post(body, make_headers(body))
    assert status == 403
    stack.drain()
    assert stack.agent.texts(psid) == []
    assert stack.graph.to(psid) == []


def test_a_body_changed_after_signing_gets_403(stack):
    psid = new_psid()
    body, headers = meta.signed(SECRET, meta.page_body(meta.text(psid, "original")))
    status, _ = stack.post(body.replace(b"original", b"tampered"), headers)
    assert status == 403
    stack.drain()
    assert stack.agent.texts(psid) == []


def test_a_signed_body_that_is_not_json_gets_400(stack):
    body = b"not json"
    status, _ = stack.post(body, {"X-Hub-Signature-256": meta.sign(SECRET, body)})
    assert status == 400


# --- what reaches the assistant ------------------------------------------------------


def test_quick_reply_taps_send_their_payload(stack):
    psid = new_psid()
    stack.post_events(meta.quick_reply(psid, "Another number", "/lookup_number"))
    stack.graph.wait_for_count(psid, 1)
    assert stack.agent.texts(psid) == ["/lookup_number"]


def test_postbacks_send_their_payload(stack):
    psid = new_psid()
    stack.post_events(meta.postback(psid, "Get Started", "/greet"))
    stack.graph.wait_for_count(psid, 1)
    assert stack.agent.texts(psid) == ["/greet"]


@pytest.mark.parametrize(
    "builder", [meta.sticker, meta.sticker_new_type, meta.image, meta.audio, meta.video, meta.file]
)
def test_attachments_get_the_polite_reply_with_the_911_reminder(stack, builder):
    psid = new_psid()
    stack.post_events(builder(psid))
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert "only read text messages" in sent.text
    assert "911" in sent.text
    assert sent.status == 200 and sent.call_buttons == []  # Meta refuses a 911 call button
    stack.drain()
    assert stack.agent.texts(psid) == []


def test_a_location_share_gets_its_own_polite_reply(stack):
    psid = new_psid()
    stack.post_events(meta.location(psid))
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert "locations" in sent.text and "911" in sent.text
    assert sent.status == 200 and sent.call_buttons == []
    assert stack.agent.texts(psid) == []


def test_echoes_deliveries_and_reads_are_ignored(stack):
    psid = new_psid()
    status, _ = stack.post_events(meta.echo(psid, "You said: hi"), meta.delivery(psid), meta.read(psid))
    assert status == 200
    stack.drain()
    assert stack.agent.texts(psid) == []
    assert stack.graph.to(psid) == []


def test_a_message_delivered_twice_is_answered_once(stack):
    psid = new_psid()
    event = meta.text(psid, "same message twice", mid="m_duplicate_" + psid)
    assert stack.post_events(event)[0] == 200
    stack.graph.wait_for_count(psid, 1)
    assert stack.post_events(event)[0] == 200  # Meta's redelivery: still a 200
    stack.drain()
    assert len(stack.graph.settle(psid, quiet=0.5)) == 1
    assert stack.agent.texts(psid) == ["same message twice"]


def test_a_duplicate_inside_one_batch_is_answered_once(stack):
    psid = new_psid()
    event = meta.text(psid, "batched twice", mid="m_batch_" + psid)
    stack.post(*meta.signed(SECRET, meta.batched([event], [event])))
    stack.drain()
    assert stack.agent.texts(psid) == ["batched twice"]


def test_several_messages_in_one_post_are_answered_in_order(stack):
    psid = new_psid()
    stack.post_events(meta.text(psid, "one"), meta.text(psid, "two"), meta.text(psid, "three"))
    sent = stack.graph.wait_for_count(psid, 3)
    assert [s.text for s in sent] == ["You said: one", "You said: two", "You said: three"]


# --- replies -------------------------------------------------------------------------


def test_an_emergency_reply_is_sent_at_once_leading_with_911(stack):
    """No call button to 911 (Meta refuses it): the first send is the reply."""
    psid = new_psid()
    stack.post_events(meta.text(psid, "someone is trying to break in"))
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert (sent.status, sent.text, sent.call_buttons) == (200, EMERGENCY_REPLY, [])


def test_a_lookup_gives_the_number_with_its_call_button_and_quick_replies(stack):
    psid = new_psid()
    stack.post_events(meta.text(psid, "poison control number"))
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert "(502) 589-8222" in sent.text
    assert sent.call_buttons == [
        {"type": "phone_number", "title": "Call (502) 589-8222", "payload": "+15025898222"}
    ]
    assert sent.quick_replies == [
        {"content_type": "text", "title": "Another number", "payload": "/lookup_number"}
    ]


# --- failures ------------------------------------------------------------------------


def test_a_graph_500_does_not_break_the_next_message(stack, caplog):
    psid = new_psid()
    stack.graph.fail_next(500)
    with caplog.at_level(logging.WARNING):
        stack.post_events(meta.text(psid, "first, lost"))
        stack.graph.wait_for_count(psid, 1)
        stack.drain()
    assert stack.graph.to(psid)[0].status == 500
    assert stack.post_events(meta.text(psid, "second"))[0] == 200
    sent = stack.graph.wait_for(lambda s: any(x.text == "You said: second" for x in s))
    assert [s.status for s in sent if s.recipient == psid][-1] == 200
    assert "500" in caplog.text and TOKEN not in caplog.text


def test_a_refused_template_is_sent_again_as_text(stack):
    psid = new_psid()
    stack.graph.fail_next(
        400,
        body={"error": {"message": "(#100) Invalid button payload", "type": "OAuthException", "code": 100}},
    )
    stack.post_events(meta.text(psid, "poison control number"))
    sent = stack.graph.wait_for_count(psid, 2)
    assert sent[0].status == 400 and sent[0].call_buttons
    assert sent[1].status == 200 and sent[1].message["text"] == LOOKUP_REPLY


def test_a_graph_timeout_does_not_break_the_channel(stack):
    psid = new_psid()
    stack.graph.delay_next(3.0)  # the channel waits 2 s
    stack.post_events(meta.text(psid, "slow"))
    stack.drain()
    stack.post_events(meta.text(psid, "fast"))
    stack.graph.wait_for(lambda s: any(x.text == "You said: fast" for x in s))


def test_an_assistant_failure_does_not_stop_the_next_messages(stack):
    psid = new_psid()
    stack.post_events(meta.text(psid, "boom"), meta.text(psid, "next one"))
    [sent] = stack.graph.wait_for_count(psid, 1)
    assert sent.text == "You said: next one"


# --- credentials ---------------------------------------------------------------------

FULL_ENV = {
    "FACEBOOK_VERIFY_TOKEN": VERIFY,
    "FACEBOOK_APP_SECRET": SECRET,
    "FACEBOOK_PAGE_ACCESS_TOKEN": TOKEN,
}


def test_credentials_from_env_needs_all_three_secrets():
    assert credentials_from_env({}) is None
    for missing in FULL_ENV:
        env = {k: v for k, v in FULL_ENV.items() if k != missing}
        assert credentials_from_env(env) is None
        assert missing in describe_env(env) and "off" in describe_env(env)
    assert credentials_from_env({**FULL_ENV, "FACEBOOK_APP_SECRET": "  "}) is None
    assert "off" in describe_env({})


def test_credentials_from_env_gives_what_from_credentials_reads():
    creds = credentials_from_env(FULL_ENV)
    assert creds == {
        "verify_token": VERIFY,
        "app_secret": SECRET,
        "page_access_token": TOKEN,
        "graph_url": "https://graph.facebook.com/v25.0",
    }
    channel = MessengerInput.from_credentials(creds)
    assert isinstance(channel, MessengerInput) and channel.name() == "messenger"
    assert channel.graph.messages_url == "https://graph.facebook.com/v25.0/me/messages"
    assert TOKEN not in repr(channel)
    assert "on" in describe_env(FULL_ENV)
    assert CREDENTIALS_KEY == "channels.messenger.MessengerInput"


def test_the_graph_url_can_point_at_a_local_fake():
    creds = credentials_from_env({**FULL_ENV, "FACEBOOK_GRAPH_URL": "http://127.0.0.1:9/v25.0/"})
    channel = MessengerInput.from_credentials(creds)
    assert channel.graph.messages_url == "http://127.0.0.1:9/v25.0/me/messages"


def test_from_credentials_reads_missing_keys_from_the_environment(monkeypatch):
    for key, value in FULL_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("FACEBOOK_GRAPH_URL", "http://127.0.0.1:9/v25.0")
    channel = MessengerInput.from_credentials(None)
    assert channel.verify_token == VERIFY and channel.app_secret == SECRET
    assert channel.graph.messages_url == "http://127.0.0.1:9/v25.0/me/messages"


def test_from_credentials_without_secrets_fails_clearly(monkeypatch):
    for key in FULL_ENV:
        monkeypatch.delenv(key, raising=False)
    from rasa.shared.exceptions import RasaException

    with pytest.raises(RasaException):
        MessengerInput.from_credentials({})


def test_rasa_loads_the_channel_from_a_credentials_file(tmp_path):
    import yaml
    from rasa.core.run import create_http_input_channels

    path = tmp_path / "credentials.yml"
    path.write_text(yaml.safe_dump({CREDENTIALS_KEY: credentials_from_env(FULL_ENV)}))
    [channel] = create_http_input_channels(None, str(path))
    assert isinstance(channel, MessengerInput)
    assert channel.url_prefix() == "messenger"
    assert isinstance(channel.get_output_channel(), MessengerOutput)


def test_a_template_that_timed_out_is_not_sent_twice(stack):
    psid = new_psid()
    stack.graph.delay_next(3.0)  # the channel waits 2 s: delivered, or not?
    stack.post_events(meta.text(psid, "poison control number"))
    stack.drain()
    stack.graph.wait_for_count(psid, 1)  # the fake records it once it has answered
    sent = stack.graph.settle(psid, quiet=1.0)
    assert len(sent) == 1 and sent[0].call_buttons
