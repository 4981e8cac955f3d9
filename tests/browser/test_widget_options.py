"""The widget's documented options (README, "Embed it in the department's site") and
its page API, in Chromium against the real assistant.

Each test opens a page of the demo site's origin that embeds the widget with the
attributes under test (served by Playwright, so the demo pages stay as they are).
"""

from __future__ import annotations

import re
import time

import pytest
from chat_page import DESKTOP, Chat
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STORE_KEY = "jtpd-chat:v1"


def embed(make_chat, stack, attributes: str = "", **context) -> Chat:
    """A page on the demo site's origin with the widget's one script tag and `attributes`."""
    chat = make_chat(viewport=context.pop("viewport", DESKTOP), **context)
    html = (
        f'<!doctype html><html lang="en"><head><title>Options</title></head><body>'
        f'<main><h1>Options</h1></main>'
        f'<script src="/widget/jtpd-chat.js" data-server-url="{stack.rasa_url.replace("127.0.0.1", "localhost")}" '
        f'{attributes}></script></body></html>'
    )
    chat.page.context.route(
        f"{chat.base_url}/options.html",  # for every tab
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    chat.goto("/options.html")
    return chat


def stored(chat: Chat, area: str):
    return chat.page.evaluate(f"() => {area}.getItem('{STORE_KEY}')")


def test_session_storage_keeps_the_conversation_in_the_tab_only(make_chat, stack):
    chat = embed(make_chat, stack, 'data-storage="session"')
    chat.open()
    chat.send("hello")
    assert "hello" in (stored(chat, "sessionStorage") or "")
    assert stored(chat, "localStorage") is None
    chat.page.reload()  # the same tab keeps it
    chat.open()
    expect(chat.user_messages).to_have_count(1)
    other_tab = Chat(chat.page.context.new_page(), chat.base_url).goto("/options.html")
    other_tab.open()
    expect(other_tab.user_messages).to_have_count(0)  # another tab: not shown


def test_local_storage_is_the_default(make_chat, stack):
    chat = embed(make_chat, stack)
    chat.open()
    chat.send("hello")
    assert "hello" in (stored(chat, "localStorage") or "")
    assert stored(chat, "sessionStorage") is None


def _channel(value: float) -> float:
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of two computed CSS colours ("rgb(r, g, b)")."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize(
    "color, rgb",
    [
        ("#0b3d91", "rgb(11, 61, 145)"),
        ("#ffeb3b", "rgb(255, 235, 59)"),
        ("#777", "rgb(119, 119, 119)"),
        ("#1a7f37", "rgb(26, 127, 55)"),
    ],
)
def test_data_color_is_used_with_text_of_enough_contrast(make_chat, stack, color, rgb):
    chat = embed(make_chat, stack, f'data-color="{color}"')
    chat.open()
    chat.send("hello")
    for selector in (".jtpd-header", "#jtpd-launcher", "#jtpd-log .jtpd-user .jtpd-bubble"):
        colors = chat.loc(selector).first.evaluate(
            "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor]; }"
        )
        assert colors[1] == rgb, (selector, colors)
        assert contrast(*colors) >= 4.5, (selector, colors)


def test_data_timeout_ms_bounds_the_wait(make_chat, stack):
    chat = embed(make_chat, stack, 'data-timeout-ms="1500"')
    chat.open()
    chat.page.route("**/webhooks/rest/webhook", lambda route: None)  # never answered
    chat.input.fill("hello")
    started = time.monotonic()
    chat.input.press("Enter")
    chat.loc(".jtpd-error").wait_for(timeout=10_000)
    waited = time.monotonic() - started
    assert 1.4 <= waited <= 6, waited  # 1.5 s, not the default 20 s
    expect(chat.loc(".jtpd-error")).to_contain_text("911")


def test_expire_minutes_0_keeps_the_conversation_until_new_chat(make_chat, stack):
    chat = embed(make_chat, stack, 'data-expire-minutes="0"')
    chat.open()
    chat.send("hello")
    sid = chat.session_id()
    chat.page.evaluate(
        f"""() => {{ const s = JSON.parse(localStorage.getItem('{STORE_KEY}'));
                    s.updated = Date.now() - 30 * 24 * 60 * 60 * 1000;
                    localStorage.setItem('{STORE_KEY}', JSON.stringify(s)); }}"""
    )
    chat.page.reload()
    chat.open()
    expect(chat.user_messages).to_have_count(1)  # a month old: still shown
    assert chat.session_id() == sid


def test_the_page_can_open_close_and_start_a_new_conversation(make_chat, stack):
    chat = embed(make_chat, stack)
    expect(chat.panel).to_be_hidden()
    chat.page.evaluate("() => window.JTPDChat.open()")
    expect(chat.panel).to_be_visible()
    chat.send("hello")
    sid = chat.session_id()
    chat.page.evaluate("() => window.JTPDChat.close()")
    expect(chat.panel).to_be_hidden()
    chat.page.evaluate("() => window.JTPDChat.newConversation()")
    chat.page.evaluate("() => window.JTPDChat.open()")
    expect(chat.user_messages).to_have_count(0)
    assert chat.session_id() != sid
    chat.send("hello")
    assert chat.webhook_bodies[-1]["sender"] == chat.session_id()


@pytest.mark.parametrize("motion, animated", [("reduce", False), ("no-preference", True)])
def test_the_typing_dots_stay_still_for_reduced_motion(make_chat, stack, motion, animated):
    chat = embed(make_chat, stack, reduced_motion=motion)
    chat.open()
    chat.page.route("**/webhooks/rest/webhook", lambda route: None)  # keeps it typing
    chat.input.fill("hello")
    chat.input.press("Enter")
    dot = chat.loc("#jtpd-typing .jtpd-dots span").first
    dot.wait_for(state="visible")
    name = dot.evaluate("e => getComputedStyle(e).animationName")
    assert (name != "none") is animated, name
