"""Fixtures of the hardening tests: one real assistant for the whole folder.

`hardened` is the assistant as `make run` starts it (launcher/stack.py: action
server, Rasa server with the project's REST and socket.io channels, limits from
the launcher's environment), on free ports, plus the Messenger channel (FACEBOOK_*
set, the Send API replaced by a stand-in on 127.0.0.1) so that every public endpoint
can be attacked. Secrets are made up here, at run time.

Tests that stop a part (action server down, tracker store locked) put it back
before they end. At the end of the session a summary of the generated inputs and
injected failures is printed and written to results/hardening.json.
"""

from __future__ import annotations

import json
import secrets
from collections import Counter

import pytest

from launcher.stack import PROJECT_ROOT, Stack, StackSettings
from tests.messenger.fake_graph import FakeGraph

DEMO_ORIGIN = "http://localhost:8080"  # the demo page's origin, as `make run` serves it

SUMMARY: Counter = Counter()  # "inputs: REST bodies" -> count, "failure: ..." -> count


@pytest.fixture(scope="session")
def summary() -> Counter:
    return SUMMARY


@pytest.fixture(scope="session")
def messenger_secrets() -> dict:
    return {
        "FACEBOOK_VERIFY_TOKEN": secrets.token_hex(16),
        "FACEBOOK_APP_SECRET": secrets.token_hex(16),
        "FACEBOOK_PAGE_ACCESS_TOKEN": "EAAB" + secrets.token_hex(24),
    }


@pytest.fixture(scope="session")
def graph():
    fake = FakeGraph().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def hardened(tmp_path_factory, graph, messenger_secrets) -> Stack:
    settings = StackSettings.for_tests(
        tmp_path_factory.mktemp("hardened"),
        start_web=False,
        cors_origins=[DEMO_ORIGIN],
        env={**messenger_secrets, "FACEBOOK_GRAPH_URL": graph.url},
    )
    with Stack(settings) as stack:
        assert stack.messenger_enabled
        yield stack


@pytest.fixture(autouse=True)
def parts_stay_up(request):
    """After each test on `hardened`, both servers are still running: a part that
    died (crashed, killed) fails the test that was running, with its exit status."""
    yield
    if "hardened" not in request.fixturenames:
        return
    stack = request.getfixturevalue("hardened")
    for name in ("actions", "rasa"):
        process = stack._processes.get(name)
        assert process is not None and process.poll() is None, (
            f"the {name} server is gone (exit status "
            f"{None if process is None else process.returncode}):\n"
            + "\n".join(stack.log_text(name).splitlines()[-15:])
        )


def _group(prefix: str) -> dict:
    return {k.split(": ", 1)[1]: v for k, v in SUMMARY.items() if k.startswith(prefix + ": ")}


def pytest_terminal_summary(terminalreporter) -> None:
    if not SUMMARY:
        return
    groups = {
        "generated inputs tried": _group("inputs"),
        "failures injected": _group("failure"),
        "lost": _group("lost"),
        "other": _group("other"),
    }
    terminalreporter.section("hardening summary")
    for title, counts in groups.items():
        if counts or title != "other":
            terminalreporter.write_line(f"{title}: {sum(counts.values())}")
        for name, count in sorted(counts.items()):
            terminalreporter.write_line(f"  {name}: {count}")
    out = PROJECT_ROOT / "results"
    out.mkdir(exist_ok=True)
    (out / "hardening.json").write_text(json.dumps(groups, indent=1))
