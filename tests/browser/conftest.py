"""Fixtures for the chat widget's browser tests.

The tests drive Debian's Chromium (/usr/bin/chromium, installed by
scripts/install-chromium.sh) with Playwright for Python against the real
assistant: launcher/stack.py starts the action server, the Rasa server (REST
channel, CORS for the demo page's origin) and web/serve.py on free ports, once
for the whole session.
"""

from __future__ import annotations

import os

import pytest
from chat_page import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Chat


# Module scope, not session: Playwright's sync API keeps an event loop running in the
# main thread while it is open, which would break later tests that call asyncio.run().
@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from launcher.stack import Stack, StackSettings

    settings = StackSettings.for_tests(tmp_path_factory.mktemp("browser-stack"))
    with Stack(settings) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: run scripts/install-chromium.sh (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def make_chat(browser, stack):
    """Returns a factory: make_chat(viewport=..., **context options) -> Chat (new, empty profile)."""
    contexts = []

    def factory(viewport=DESKTOP, **options) -> Chat:
        context = browser.new_context(viewport=viewport, locale="en-US", **options)
        contexts.append(context)
        return Chat(context.new_page(), stack.web_url)

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def chat(make_chat) -> Chat:
    return make_chat()
