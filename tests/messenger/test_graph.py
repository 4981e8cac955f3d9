"""The Send API client against a fake Graph API on 127.0.0.1 (channels/graph.py)."""

import asyncio
import hashlib
import hmac
import logging
import socket

import pytest

from channels.graph import DEFAULT_GRAPH_URL, GraphClient

from .fake_graph import FakeGraph

TOKEN = "EAAB-page-token-that-must-never-be-logged"
SECRET = "app-secret-for-tests"
# HMAC-SHA256 of TOKEN keyed with SECRET, computed apart from the code under test:
# echo -n "$TOKEN" | openssl dgst -sha256 -hmac "$SECRET"
PROOF = "06ced11def1a53cc7a0720901c0b328e3c9444ecca7af9a356104bddc4cc5e57"


@pytest.fixture
def graph():
    with FakeGraph() as fake:
        yield fake


def send(client, recipient, message):
    async def go():
        try:
            return await client.send_message(recipient, message)
        finally:
            await client.close()

    return asyncio.run(go())


def test_default_graph_url_is_a_current_versioned_meta_url():
    assert DEFAULT_GRAPH_URL.startswith("https://graph.facebook.com/v")
    major = int(DEFAULT_GRAPH_URL.rsplit("/v", 1)[1].split(".")[0])
    assert major >= 21


def test_a_message_is_posted_in_send_api_shape(graph):
    client = GraphClient(TOKEN, graph.url, app_secret=SECRET)
    result = send(client, "12345", {"text": "hello"})
    assert result.ok and result.status == 200
    [sent] = graph.sent
    assert sent.path == "/v25.0/me/messages"
    assert sent.query["access_token"] == TOKEN
    assert sent.query["appsecret_proof"] == PROOF
    assert PROOF == hmac.new(SECRET.encode(), TOKEN.encode(), hashlib.sha256).hexdigest()
    assert sent.body == {
        "recipient": {"id": "12345"},
        "messaging_type": "RESPONSE",
        "message": {"text": "hello"},
    }


@pytest.mark.parametrize("status", [400, 403, 500, 503])
def test_http_errors_are_logged_without_the_token_and_not_raised(graph, caplog, status):
    graph.fail_next(
        status,
        body={
            "error": {"message": f"Invalid OAuth access token {TOKEN}", "type": "OAuthException", "code": 190}
        },
    )
    client = GraphClient(TOKEN, graph.url, app_secret=SECRET)
    with caplog.at_level(logging.WARNING, logger="channels.graph"):
        result = send(client, "12345", {"text": "hello"})
    assert not result.ok and result.status == status
    assert "code 190" in result.error and TOKEN not in result.error
    assert str(status) in caplog.text
    assert "access_token=REDACTED" in caplog.text
    assert TOKEN not in caplog.text
    assert PROOF not in caplog.text


def test_a_timeout_is_logged_and_reported(graph, caplog):
    graph.delay_next(2.0)
    client = GraphClient(TOKEN, graph.url, timeout=0.5)
    with caplog.at_level(logging.WARNING, logger="channels.graph"):
        result = send(client, "12345", {"text": "hello"})
    assert not result.ok and result.status is None
    assert "timed out" in result.error
    assert TOKEN not in caplog.text


def test_a_refused_connection_is_logged_and_reported(caplog):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = GraphClient(TOKEN, f"http://127.0.0.1:{port}/v25.0")
    with caplog.at_level(logging.WARNING, logger="channels.graph"):
        result = send(client, "12345", {"text": "hello"})
    assert not result.ok and result.status is None
    assert result.error
    assert TOKEN not in caplog.text


def test_a_non_json_error_body_is_reported_shortly(graph):
    graph.fail_next(502, body=None)
    graph._plans[-1].body = {"not": "graph"}
    client = GraphClient(TOKEN, graph.url)
    result = send(client, "1", {"text": "x"})
    assert not result.ok and result.status == 502 and result.error


def test_the_client_works_after_a_failure_and_across_event_loops(graph):
    client = GraphClient(TOKEN, graph.url)
    graph.fail_next(500)
    assert not send(client, "1", {"text": "a"}).ok
    assert send(client, "1", {"text": "b"}).ok  # a new loop: a new session
    assert [s.status for s in graph.sent] == [500, 200]


def test_the_token_is_required():
    with pytest.raises(ValueError):
        GraphClient("", DEFAULT_GRAPH_URL)
