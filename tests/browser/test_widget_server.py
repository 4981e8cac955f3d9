"""web/serve.py, the static server of the widget and its demo pages, run as
`python -m web.serve` (no browser needed)."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from launcher.stack import free_port

ROOT = Path(__file__).resolve().parents[2]


ASSISTANT_URL = "http://assistant.example:5005"


def _start(port: int):
    """web.serve on `port`; None if it could not bind it (someone took the port)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "web.serve", "--port", str(port), "--assistant-url", ASSISTANT_URL + "/"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        try:  # our server: the page names our assistant, not someone else's
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as response:
                if ASSISTANT_URL in response.read().decode(errors="replace"):
                    return process
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    output = ""
    if process.poll() is None:
        process.terminate()
    else:
        output = process.stdout.read().decode(errors="replace")
    process.wait(timeout=10)
    if "address already in use" in output.lower():
        return None
    raise RuntimeError(output or "web.serve did not answer in 30 s")


@pytest.fixture(scope="module")
def server():
    for _ in range(5):  # a port picked free may be taken before the server binds it
        port = free_port()
        process = _start(port)
        if process is not None:
            break
    else:
        raise RuntimeError("web.serve found no free port in 5 tries")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, ""


def test_pages_get_the_assistant_url_and_a_strict_csp(server):
    for path in ("/", "/about.html"):
        status, headers, html = get(server + path)
        assert status == 200
        assert "__JTPD_ASSISTANT_URL__" not in html
        assert 'data-server-url="http://assistant.example:5005"' in html
        assert '<html lang="en">' in html
        assert html.count("<script") == 1  # the one-tag embed, nothing else
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "connect-src 'self' http://assistant.example:5005" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_widget_assets_are_served_and_nothing_else(server):
    status, headers, js = get(server + "/widget/jtpd-chat.js")
    assert status == 200 and "javascript" in headers["Content-Type"]
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js  # never parses text as HTML
    assert get(server + "/widget/jtpd-chat.css")[0] == 200
    assert get(server + "/site.css")[0] == 200
    for path in (
        "/widget/../serve.py",
        "/..%2fserve.py",
        "/widget/%2e%2e/serve.py",
        "/nope.html",
        "/node_modules/axe-core/axe.min.js",
        "/serve.py",
    ):
        assert get(server + path)[0] == 404, path


def test_a_bad_assistant_url_is_refused():
    from web.serve import make_app

    with pytest.raises(ValueError):
        make_app("javascript:alert(1)")
