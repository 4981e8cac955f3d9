"""Hostile and broken input on the socket.io channel of the real running server.

A socket.io client (python-socketio, long-polling) sends events of every shape:
`user_uttered` and `session_request` payloads that are not objects, wrong types,
hostile texts; raw engine.io packets that are not socket.io at all. Nothing may
take the server down: afterwards a normal message still gets a normal answer, on
the same connection and on a new one. Browsers from other origins are refused.
"""

from __future__ import annotations

import pytest
import requests
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import strategies as hs
from .conftest import DEMO_ORIGIN
from .helpers import HTTP_TIMEOUT_S, Client

pytestmark = pytest.mark.e2e

FUZZ = settings(
    deadline=None,
    database=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def assert_answers(client: Client, session_id: str) -> None:
    replies = client.ask(session_id, "what is the non-emergency number?")
    assert any("(502) 267-0503" in (r.get("text") or "") for r in replies), replies


@pytest.fixture(scope="module")
def client(hardened):
    c = Client(hardened.rasa_url)
    yield c
    c.close()


def assert_still_answers(stack, client: Client) -> None:
    """On the fuzzed connection and on a new one, a normal message gets its answer."""
    assert client.sio.connected
    assert_answers(client, client.start_session())
    other = Client(stack.rasa_url)
    try:
        assert_answers(other, other.start_session())
    finally:
        other.close()


def test_a_normal_conversation_works(client):
    session_id = client.start_session()
    assert_answers(client, session_id)


def test_arbitrary_user_uttered_payloads(hardened, client, summary):
    @FUZZ
    @given(
        data=st.one_of(
            hs.json_value,
            st.fixed_dictionaries(
                {},
                optional={
                    "session_id": hs.sender_ids,
                    "message": hs.message_values,
                    "metadata": st.one_of(hs.json_value, st.text()),
                },
            ),
        )
    )
    def send(data):
        summary["inputs: socket.io payloads"] += 2
        # call(): wait for the server's acknowledgement (TimeoutError without one), so
        # the handler has finished before the next payload
        client.sio.call("user_uttered", data, timeout=HTTP_TIMEOUT_S)
        client.sio.call("session_request", data, timeout=HTTP_TIMEOUT_S)
        assert client.sio.connected

    send()
    assert_still_answers(hardened, client)


def test_arbitrary_events(hardened, client, summary):
    @FUZZ
    @given(
        event=st.one_of(st.text(max_size=20), st.sampled_from(["connect", "disconnect", "message"])),
        data=hs.json_value,
    )
    def send(event, data):
        summary["inputs: socket.io events"] += 1
        try:
            client.sio.emit(event, data)
        except ValueError:  # the client itself refuses reserved event names
            pass
        client.sio.call("session_request", None, timeout=HTTP_TIMEOUT_S)  # one at a time
        assert client.sio.connected

    send()
    assert_still_answers(hardened, client)


@FUZZ
@given(
    body=st.one_of(st.binary(max_size=2000), hs.bodies),
    query=st.sampled_from(
        [
            "EIO=4&transport=polling",
            "EIO=3&transport=polling",
            "EIO=4&transport=websocket",
            "EIO=x",
            "",
            "EIO=4&transport=polling&sid=nope",
            "EIO=4&transport=polling&sid=%00",
            "EIO=4&transport=polling&t=" + "a" * 3000,
        ]
    ),
    method=st.sampled_from(["POST", "GET", "OPTIONS", "PUT"]),
)
def test_raw_engine_io_requests(hardened, summary, body, query, method):
    summary["inputs: raw engine.io requests"] += 1
    response = requests.request(
        method, f"{hardened.rasa_url}/socket.io/?{query}", data=body, timeout=HTTP_TIMEOUT_S
    )
    assert response.status_code < 500, (response.status_code, response.text[:200])


def test_garbage_packets_on_a_live_session(hardened, summary):
    """Packets that are not socket.io, posted on a real session, close at most that
    session; the server answers the next client normally."""
    c = Client(hardened.rasa_url)
    sid = c.sio.eio.sid
    for packet in [
        b"\x00\x01\x02",
        b"4",
        b"42",
        b'42["user_uttered"',
        b"42[1,2,3]",
        b'42["user_uttered", {"message": {"$gt": ""}}]',
        b"9" * 5000,
        "42[\"user_uttered\",\"\ud800\"]".encode("utf-8", "surrogatepass"),
    ]:
        summary["inputs: raw engine.io requests"] += 1
        response = requests.post(
            f"{hardened.rasa_url}/socket.io/?EIO=4&transport=polling&sid={sid}",
            data=packet,
            timeout=HTTP_TIMEOUT_S,
        )
        assert response.status_code < 500, response.status_code
    c.close()
    other = Client(hardened.rasa_url)
    try:
        assert_answers(other, other.start_session())
    finally:
        other.close()


def test_browsers_from_other_origins_are_refused(hardened):
    with pytest.raises(socketio.exceptions.ConnectionError):
        Client(hardened.rasa_url, origin="http://evil.example")
    allowed = Client(hardened.rasa_url, origin=DEMO_ORIGIN)
    try:
        assert_answers(allowed, allowed.start_session())
    finally:
        allowed.close()
