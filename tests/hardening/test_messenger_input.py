"""Hostile and broken input on the Messenger webhook of the real running server.

Messenger's POSTs are signed (X-Hub-Signature-256): unsigned or wrongly signed
bodies are refused with 403 before anything reads them. Signed bodies of every
shape (as if the app secret leaked, or Meta sent something new) must not give a 5xx
either. Afterwards a normal message still gets a normal answer through the Send API
(a stand-in on 127.0.0.1).
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from . import strategies as hs
from .helpers import HTTP_TIMEOUT_S, messenger_signature, messenger_text_event

pytestmark = pytest.mark.e2e

FUZZ = settings(
    deadline=None,
    database=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Bodies shaped like Meta's, with any value anywhere.
messaging_event = st.fixed_dictionaries(
    {},
    optional={
        "sender": st.one_of(hs.json_value, st.fixed_dictionaries({"id": hs.sender_ids})),
        "recipient": hs.json_value,
        "timestamp": hs.json_value,
        "message": st.one_of(
            hs.json_value,
            st.fixed_dictionaries(
                {},
                optional={
                    "mid": hs.json_value,
                    "text": hs.message_values,
                    "is_echo": hs.json_value,
                    "quick_reply": st.one_of(
                        hs.json_value, st.fixed_dictionaries({"payload": hs.message_values})
                    ),
                    "attachments": hs.json_value,
                },
            ),
        ),
        "postback": st.one_of(
            hs.json_value,
            st.fixed_dictionaries(
                {}, optional={"payload": hs.message_values, "title": hs.json_value, "mid": hs.json_value}
            ),
        ),
        "read": hs.json_value,
        "delivery": hs.json_value,
    },
)
page_bodies = st.builds(
    lambda entries, obj: hs.encode({"object": obj, "entry": entries}),
    st.one_of(
        hs.json_value,
        st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "id": hs.json_value,
                    "time": hs.json_value,
                    "messaging": st.one_of(hs.json_value, st.lists(messaging_event, max_size=4)),
                    "standby": hs.json_value,
                },
            ),
            max_size=3,
        ),
    ),
    st.sampled_from(["page", "page", "user", None]),
)


def webhook(stack) -> str:
    return f"{stack.rasa_url}/webhooks/messenger/webhook"


def post(stack, body: bytes, secret: str = None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Hub-Signature-256"] = messenger_signature(secret, body)
    return requests.post(webhook(stack), data=body, headers=headers, timeout=HTTP_TIMEOUT_S).status_code


def assert_still_answers(stack, graph, secret: str, psid: str) -> None:
    """A normal message gets its answer through the Send API."""
    body = json.dumps(messenger_text_event(psid, "what is the non-emergency number?")).encode()
    assert post(stack, body, secret) == 200
    deadline = time.monotonic() + HTTP_TIMEOUT_S
    while time.monotonic() < deadline and not any("267-0503" in t for t in [s.text for s in graph.to(psid)]):
        time.sleep(0.2)
    assert any("267-0503" in t for t in [s.text for s in graph.to(psid)]), [s.text for s in graph.to(psid)]


def test_signed_arbitrary_bodies_never_get_a_5xx(hardened, graph, messenger_secrets, summary):
    secret = messenger_secrets["FACEBOOK_APP_SECRET"]

    @FUZZ
    @given(body=st.one_of(page_bodies, hs.bodies))
    @example(body=b"[" * 5000 + b"]" * 5000)  # json.loads raises RecursionError, not ValueError
    @example(
        body=b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, '
        b'"message": {"text": "\\ud800\\u0000", "mid": "m"}}]}]}'
    )
    def send(body):
        summary["inputs: Messenger signed bodies"] += 1
        status = post(hardened, body, secret)
        assert status < 500, status

    send()
    assert_still_answers(hardened, graph, secret, "7301000000000001")


def test_unsigned_bodies_are_refused(hardened, graph, messenger_secrets, summary):
    @FUZZ
    @given(body=st.one_of(page_bodies, hs.bodies), signature=st.one_of(st.none(), st.text(max_size=80)))
    def send(body, signature):
        summary["inputs: Messenger unsigned bodies"] += 1
        headers = {"X-Hub-Signature-256": signature} if signature is not None else {}
        try:
            response = requests.post(webhook(hardened), data=body, timeout=HTTP_TIMEOUT_S, headers=headers)
        except ValueError:  # requests refuses a header it cannot encode; nothing was sent
            return
        assert response.status_code in (403, 413), response.status_code

    send()
    assert_still_answers(hardened, graph, messenger_secrets["FACEBOOK_APP_SECRET"], "7301000000000002")
