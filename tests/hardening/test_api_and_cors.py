"""Rasa's HTTP API is off by default; enabled, it requires a token. CORS allows the
configured origins only (by default the demo page's), never "*"."""

from __future__ import annotations

import secrets

import pytest
import requests

from launcher.stack import API_TOKEN_ENV, Stack, StackSettings

from .conftest import DEMO_ORIGIN
from .helpers import HTTP_TIMEOUT_S, is_normal_answer, process_group_pids, say

pytestmark = pytest.mark.e2e

API_ROUTES = [
    ("GET", "/status"),
    ("GET", "/domain"),
    ("GET", "/conversations/someone/tracker"),
    ("POST", "/model/parse"),
    ("POST", "/conversations/someone/messages"),
    ("PUT", "/model"),
    ("POST", "/model/train"),
]
# Public in Rasa's API even with a token: only the version numbers.
PUBLIC_API_ROUTES = [("GET", "/version")]


def call(stack, method: str, path: str, **params) -> requests.Response:
    return requests.request(
        method,
        f"{stack.rasa_url}{path}",
        params=params,
        json={"text": "hello", "sender": "user"},
        timeout=HTTP_TIMEOUT_S,
    )


@pytest.mark.parametrize("method, path", API_ROUTES + PUBLIC_API_ROUTES)
def test_the_http_api_is_off_by_default(hardened, method, path):
    assert call(hardened, method, path).status_code in (404, 405)


@pytest.fixture(scope="module")
def api_stack(tmp_path_factory):
    token = secrets.token_urlsafe(24)
    settings = StackSettings.for_tests(
        tmp_path_factory.mktemp("api"), start_web=False, enable_api=True, env={API_TOKEN_ENV: token}
    )
    with Stack(settings) as stack:
        yield stack, token


@pytest.mark.parametrize("method, path", API_ROUTES)
def test_the_enabled_api_refuses_calls_without_the_token(api_stack, method, path):
    stack, token = api_stack
    assert call(stack, method, path).status_code == 401
    assert call(stack, method, path, token="wrong-" + token).status_code == 401


def test_the_enabled_api_answers_with_the_token(api_stack):
    stack, token = api_stack
    response = call(stack, "GET", "/status", token=token)
    assert response.status_code == 200, response.text
    assert "model_file" in response.json()
    assert is_normal_answer(say(stack, "api-1", "hello"))  # the channels are not affected


def test_the_token_is_not_on_any_command_line(api_stack):
    stack, token = api_stack
    for process in stack._processes.values():
        for pid in process_group_pids(process.pid):
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                assert token.encode() not in cmdline.read()


def test_enabling_the_api_without_a_token_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv(API_TOKEN_ENV, raising=False)
    stack = Stack(StackSettings.for_tests(tmp_path, start_web=False, enable_api=True))
    with pytest.raises(RuntimeError, match=API_TOKEN_ENV):
        stack.start()
    assert all(p.poll() is not None for p in stack._processes.values())


def preflight(stack, origin: str) -> requests.Response:
    return requests.options(
        stack.rest_url,
        timeout=HTTP_TIMEOUT_S,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        "null",
        DEMO_ORIGIN + ".evil.example",
        "https://localhost:8080",
        "http://localhost:8081",
    ],
)
def test_cors_refuses_other_origins(hardened, origin):
    assert "Access-Control-Allow-Origin" not in preflight(hardened, origin).headers
    response = requests.post(
        hardened.rest_url,
        json={"sender": "cors-1", "message": "hello"},
        headers={"Origin": origin},
        timeout=HTTP_TIMEOUT_S,
    )
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_the_configured_origin(hardened):
    assert preflight(hardened, DEMO_ORIGIN).headers.get("Access-Control-Allow-Origin") == DEMO_ORIGIN
    response = requests.post(
        hardened.rest_url,
        json={"sender": "cors-2", "message": "hello"},
        headers={"Origin": DEMO_ORIGIN},
        timeout=HTTP_TIMEOUT_S,
    )
    assert response.headers.get("Access-Control-Allow-Origin") == DEMO_ORIGIN


def test_the_default_origin_is_the_demo_page(tmp_path):
    stack = Stack(StackSettings.for_tests(tmp_path))
    assert stack.cors_origins() == [stack.web_url]
    assert "*" not in stack.cors_origins()
    assert Stack(StackSettings.for_tests(tmp_path, start_web=False)).cors_origins() == []
