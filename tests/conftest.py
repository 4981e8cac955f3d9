"""Fixtures shared by every test folder."""

from __future__ import annotations

import json
import urllib.request
from typing import Dict, List

import pytest

from launcher.stack import Stack, StackSettings


def post_json(url: str, body: object, timeout: float = 30.0) -> List[Dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


@pytest.fixture(autouse=True, scope="module")
def rasa_speedups_undone():
    """After each test module, Rasa's own code is back: a module that applied
    rasa_patches' speed-ups in this process undid them (rasa_patches.undo_all), so
    later tests run stock Rasa. (ActionFailurePolicy lowers the action server wait
    whenever a test loads the model: that one is part of loading it.)"""
    yield
    from rasa_patches import SPEEDUPS, swap

    speedups = {symbol for patch in SPEEDUPS for symbol in patch.SYMBOLS}
    left = sorted(speedups & set(swap.changed()))
    assert not left, f"this test module left Rasa patched: {left}"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory) -> Stack:
    """The real action server and Rasa server (REST channel), started once per run."""
    settings = StackSettings.for_tests(tmp_path_factory.mktemp("assistant"), start_web=False)
    with Stack(settings) as stack:
        yield stack


class Conversation:
    """One resident talking to the assistant through the REST channel."""

    def __init__(self, stack: Stack, sender: str) -> None:
        self.stack, self.sender = stack, sender

    def say(self, text: str) -> List[Dict]:
        return post_json(self.stack.rest_url, {"sender": self.sender, "message": text})

    def reply_text(self, text: str) -> str:
        return "\n".join(m.get("text", "") for m in self.say(text))


@pytest.fixture
def conversation(assistant, request) -> Conversation:
    return Conversation(assistant, f"test-{request.node.name}")


# --- Test tiers (README, "Tests") -------------------------------------------------------
# `make check` runs what is left unmarked: the fast tier, no trained model, no server.
# Browser and server tests mark themselves (browser, e2e); the folders and files below
# are marked here, so a new test in them lands in the right tier without a mark of its own.
TIER_BY_PATH = {
    "tests/test_": "model",  # top-level evaluations: held-out sets, conversation tests
    "tests/speed/": "model",  # replays conversations through the trained model
    "tests/scale/": "model",  # production mode: the model behind nginx
    "tests/report/": "slow",  # builds reports and validates their training data
    "tests/feedback/": "model",
    "tests/e2e/": "model",
    "tests/hardening/": "model",
    "tests/browser/": "model",
}
# Files in a fast folder that need more.
TIER_EXCEPTIONS = {
    "tests/speed/test_patched_symbols.py": None,  # reads Rasa's source only
}


def tier_of(relative_path: str):
    if relative_path in TIER_EXCEPTIONS:
        return TIER_EXCEPTIONS[relative_path]
    for prefix, tier in TIER_BY_PATH.items():
        if relative_path.startswith(prefix):
            return tier
    return None


def pytest_collection_modifyitems(config, items):
    root = config.rootpath
    for item in items:
        try:
            relative = item.path.relative_to(root).as_posix()
        except ValueError:
            continue
        tier = tier_of(relative)
        if tier:
            item.add_marker(getattr(pytest.mark, tier))
