"""The website chat widget in a real headless Chromium, against the real assistant.

What a resident sees and can do, keyboard use, WCAG 2.1 AA with
axe-core, and the README's screenshots (written under results/screenshots/).
"""

from __future__ import annotations

import json
import re

import pytest
from chat_page import DESKTOP, PHONE, REPLY_TIMEOUT_MS, SCREENSHOTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"
ROOT_JS = "document.getElementById('jtpd-chat').shadowRoot"


def test_poison_control_number_is_a_tel_link(chat):
    chat.goto()
    chat.open()
    replies = chat.send("What's the number for poison control?")
    assert any("(502) 589-8222" in text for text in replies), replies
    link = chat.bot_messages.last.locator('a[href="tel:+15025898222"]')
    expect(link).to_have_text("(502) 589-8222")
    assert chat.external_requests() == []


def test_an_emergency_gets_911_first(chat):
    chat.goto()
    chat.open()
    replies = chat.send("Someone is breaking into my house right now")
    assert replies, "no reply"
    first_line = replies[0].strip().splitlines()[0]
    assert "911" in first_line, replies
    first_bubble = chat.bot_messages.nth(chat.bot_messages.count() - len(replies))
    expect(first_bubble.locator("a").first).to_have_attribute("href", "tel:911")
    # the banner is still there, on top of the conversation
    expect(chat.loc("#jtpd-911")).to_be_visible()
    expect(chat.loc("#jtpd-911")).to_have_attribute("href", "tel:911")


def test_html_from_the_user_is_shown_as_text(chat):
    chat.goto()
    chat.open()
    chat.send(XSS)
    expect(chat.user_messages.last).to_contain_text(XSS)
    count = chat.page.evaluate(
        f"() => {ROOT_JS}.querySelectorAll('img').length + document.querySelectorAll('img').length"
    )
    assert count == 0
    chat.page.wait_for_timeout(300)
    assert chat.dialogs == []
    # and after a reload, from the stored transcript, still text
    chat.page.reload()
    chat.open()
    expect(chat.user_messages.last).to_contain_text(XSS)
    assert chat.page.evaluate(f"() => {ROOT_JS}.querySelectorAll('img').length") == 0
    assert chat.dialogs == []


def test_html_from_the_assistant_is_shown_as_text(chat):
    """A reply holding markup (and buttons holding markup) is rendered as text."""
    evil = '<b>bold</b> <img src=x onerror=alert(2)> <script>alert(3)</script>'

    def fake_reply(route):
        body = json.loads(route.request.post_data)
        route.fulfill(
            status=200,
            content_type="application/json",
            headers={"Access-Control-Allow-Origin": "*"},
            body=json.dumps(
                [
                    {
                        "recipient_id": body["sender"],
                        "text": evil,
                        "buttons": [{"title": "<i>x</i><img src=y onerror=alert(4)>", "payload": "/greet"}],
                    }
                ]
            ),
        )

    chat.goto()
    chat.open()
    chat.page.route("**/webhooks/rest/webhook", fake_reply)
    chat.send("hello")
    expect(chat.bot_messages.last).to_contain_text(evil)
    expect(chat.quick_replies.first).to_have_text("<i>x</i><img src=y onerror=alert(4)>")
    tags = chat.page.evaluate(f"() => {ROOT_JS}.querySelectorAll('img, b, i, script:not([src])').length")
    assert tags == 0
    assert chat.dialogs == []


def test_bot_text_renders_line_breaks_lists_and_phone_links(chat):
    """The renderer (used for every bot message) on the number formats of the 911 page."""
    chat.goto()
    result = chat.page.evaluate(
        """() => {
            const text = "Numbers:\\n- Police: (502) 267-0503\\n\\u2022 KSP 1 (800) 222-5555\\n- VINE 1 (800) 511-1670\\n"
                + "- LMPD (502) 574-2111\\nCrisis Line: 988. Also 211, 311, 511 and 911.\\nSecond line\\n\\nNew paragraph";
            const box = document.createElement('div');
            box.appendChild(window.JTPDChat._renderRich(text));
            return {
                items: [...box.querySelectorAll('ul > li')].map(li => li.textContent),
                links: [...box.querySelectorAll('a')].map(a => [a.textContent, a.getAttribute('href')]),
                paragraphs: box.querySelectorAll('p').length,
                brs: box.querySelectorAll('br').length,
            };
        }"""
    )
    assert result["items"] == [
        "Police: (502) 267-0503",
        "KSP 1 (800) 222-5555",
        "VINE 1 (800) 511-1670",
        "LMPD (502) 574-2111",
    ]
    assert result["links"] == [
        ["(502) 267-0503", "tel:+15022670503"],
        ["1 (800) 222-5555", "tel:+18002225555"],
        ["1 (800) 511-1670", "tel:+18005111670"],
        ["(502) 574-2111", "tel:+15025742111"],
        ["988", "tel:988"],
        ["211", "tel:211"],
        ["311", "tel:311"],
        ["511", "tel:511"],
        ["911", "tel:911"],
    ]
    assert result["paragraphs"] == 3 and result["brs"] == 1


def test_every_directory_number_links_where_the_python_side_says(chat):
    """The widget makes its own tel: links from the text: for every number of the
    directory, in the one display format, it links what assistant/phone_text.py finds,
    to assistant.directory.tel_uri's address (fax numbers included: a web page may call
    them, only Messenger's call buttons leave them out)."""
    from assistant.directory import format_number, load_directory, tel_uri

    numbers = sorted({n.digits for n in load_directory().all_numbers()})
    chat.goto()
    links = chat.page.evaluate(
        """(shown) => shown.map((text) => {
            const box = document.createElement('div');
            box.appendChild(window.JTPDChat._renderRich("Call " + text + " now."));
            return [...box.querySelectorAll('a')].map(a => [a.textContent, a.getAttribute('href')]);
        })""",
        [format_number(d) for d in numbers],
    )
    assert links == [[[format_number(d), tel_uri(d)]] for d in numbers]


def test_assistant_buttons_become_quick_replies_that_send_their_payload(chat):
    chat.goto()
    chat.open()
    chat.send("Show me the phone directory")
    expect(chat.quick_replies.first).to_be_visible()
    titles = chat.quick_replies.all_inner_texts()
    assert "Crisis lines" in titles, titles
    before = chat.bot_messages.count()
    chat.quick_replies.filter(has_text="Crisis lines").click()
    expect(chat.user_messages.last).to_have_text(re.compile("Crisis lines"))
    chat.wait_idle()
    assert chat.webhook_bodies[-1]["message"] == '/list_category{"category": "crisis"}'
    assert chat.bot_messages.count() > before
    expect(chat.bot_messages.last).to_contain_text("988")
    expect(chat.input).to_be_focused()  # the used buttons are gone: focus stays in the chat


def test_welcome_message_and_its_quick_replies(chat):
    chat.goto()
    chat.open()
    welcome = chat.bot_messages.first
    expect(welcome).to_contain_text("automated assistant")
    expect(welcome).to_contain_text("911")
    expect(welcome.locator('a[href="tel:+15022670503"]')).to_be_visible()
    titles = chat.quick_replies.all_inner_texts()
    assert len(titles) == 4, titles
    # each one gets a real answer from the assistant (its payload is an intent it knows)
    for title in titles:
        chat.loc("#jtpd-new").click()
        chat.quick_replies.filter(has_text=title).click()
        chat.wait_idle()
        expect(chat.bot_messages).not_to_have_count(1)
        reply = chat.text_of(chat.bot_messages.nth(1))
        assert "didn't understand" not in reply, (title, reply)


def test_typing_indicator_while_waiting(chat):
    held = []
    chat.goto()
    chat.open()
    chat.page.route("**/webhooks/rest/webhook", lambda route: held.append(route))
    chat.input.fill("What's the non-emergency number?")
    chat.input.press("Enter")
    expect(chat.loc("#jtpd-typing")).to_be_visible()
    for _ in range(50):
        if held:
            break
        chat.page.wait_for_timeout(100)
    assert held, "the request was not sent"
    held[0].continue_()
    expect(chat.loc("#jtpd-typing")).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    expect(chat.bot_messages.last).to_contain_text("(502) 267-0503")


def test_server_unreachable_shows_message_and_retry(chat):
    chat.goto()
    chat.open()
    chat.page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    chat.input.fill("What's the number for poison control?")
    chat.input.press("Enter")
    error = chat.loc(".jtpd-error")
    expect(error).to_be_visible(timeout=REPLY_TIMEOUT_MS)
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("can't be reached")
    expect(error.locator('a[href="tel:911"]')).to_be_visible()
    expect(chat.loc("#jtpd-911")).to_be_visible()
    expect(chat.loc("#jtpd-typing")).to_be_hidden()
    # the server is back: Retry sends the same message again
    chat.page.unroute("**/webhooks/rest/webhook")
    chat.loc(".jtpd-retry").click()
    expect(error).to_have_count(0)
    expect(chat.bot_messages.last).to_contain_text("(502) 589-8222", timeout=REPLY_TIMEOUT_MS)
    expect(chat.user_messages).to_have_count(1)


def test_a_whole_conversation_with_the_keyboard_only(chat):
    page = chat.page
    chat.goto()
    # Tab through the page until the launcher has the focus
    for _ in range(30):
        page.keyboard.press("Tab")
        if (chat.active() or {}).get("id") == "jtpd-launcher":
            break
    focused = chat.active()
    assert focused["id"] == "jtpd-launcher", focused
    assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
    # Enter opens the panel and puts the focus in the message field
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.input).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    # a welcome quick reply, reached with Shift+Tab and pressed with Enter
    page.keyboard.press("Shift+Tab")
    focused = chat.active()
    assert "jtpd-qr" in focused["cls"], focused
    assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
    page.keyboard.press("Enter")
    expect(chat.user_messages.last).to_have_text(re.compile(focused["text"]))
    chat.wait_idle()
    expect(chat.input).to_be_focused()
    # type a question and send it with Enter
    page.keyboard.type("whats the number for poison control")
    page.keyboard.press("Enter")
    expect(chat.bot_messages.last).to_contain_text("(502) 589-8222", timeout=REPLY_TIMEOUT_MS)
    # Tab order from the field: Send, then (no trap on desktop) out of the panel
    page.keyboard.press("Tab")
    assert chat.active()["id"] == "jtpd-send"
    # walk backwards to the tel: link in the answer: every stop shows a focus ring
    seen = []
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        focused = chat.active()
        seen.append(focused)
        assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, focused
        if focused["text"] == "(502) 589-8222":
            break
    assert seen[-1]["tag"] == "a" and seen[-1]["text"] == "(502) 589-8222", seen
    # Escape closes the panel and gives the focus back to the launcher
    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")
    # reopen: the conversation is still there; close with the Close button
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    expect(chat.bot_messages.last).to_contain_text("(502) 589-8222")
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if chat.active()["id"] == "jtpd-close":
            break
    assert chat.active()["label"] == "Close chat"
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()
    # "New chat" with the keyboard
    page.keyboard.press("Enter")
    for _ in range(60):
        page.keyboard.press("Shift+Tab")
        if chat.active()["id"] == "jtpd-new":
            break
    page.keyboard.press("Enter")
    expect(chat.user_messages).to_have_count(0)
    expect(chat.input).to_be_focused()


def test_the_conversation_survives_reload_and_navigation(chat):
    page = chat.page
    chat.goto()
    chat.open()
    chat.send("What's the non-emergency number?")
    sid = chat.session_id()
    assert re.fullmatch(r"web-[0-9a-f]{32}", sid)
    texts = chat.texts()

    page.reload()
    chat.page.wait_for_function("() => !document.getElementById('jtpd-chat').hidden")
    expect(chat.panel).to_be_visible()  # it was open: it stays open
    assert chat.session_id() == sid
    assert chat.texts() == texts

    # another page of the site
    page.locator("nav a", has_text="Important phone numbers").click()
    page.wait_for_url("**/about.html")
    chat.page.wait_for_function("() => !document.getElementById('jtpd-chat').hidden")
    chat.open()
    assert chat.session_id() == sid
    assert chat.texts() == texts
    chat.send("and poison control?")
    assert {body["sender"] for body in chat.webhook_bodies} == {sid}

    # "New chat" starts fresh: only the welcome, a new session id
    chat.loc("#jtpd-new").click()
    expect(chat.user_messages).to_have_count(0)
    expect(chat.bot_messages).to_have_count(1)
    new_sid = chat.session_id()
    assert new_sid != sid
    expect(chat.loc("#jtpd-status")).to_have_text("Started a new conversation.")
    page.reload()
    chat.open()
    expect(chat.user_messages).to_have_count(0)
    assert chat.session_id() == new_sid
    chat.send("hello")
    assert chat.webhook_bodies[-1]["sender"] == new_sid


def test_an_old_conversation_is_not_shown_to_the_next_person(chat):
    """The stored conversation expires after 60 minutes without a message (shared computers)."""
    chat.goto()
    chat.open()
    chat.send("hello")
    sid = chat.session_id()
    chat.page.evaluate(
        """() => { const s = JSON.parse(localStorage.getItem('jtpd-chat:v1'));
                   s.updated = Date.now() - 61 * 60 * 1000;
                   localStorage.setItem('jtpd-chat:v1', JSON.stringify(s)); }"""
    )
    chat.page.reload()
    chat.open()
    expect(chat.user_messages).to_have_count(0)
    assert chat.session_id() != sid


@pytest.mark.parametrize("width,height", [(320, 568), (360, 740)])
def test_phone_layout_fills_the_screen_without_overflow(make_chat, width, height):
    chat = make_chat(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    chat.goto()
    assert chat.page.evaluate("() => document.documentElement.scrollWidth") <= width
    chat.open()
    chat.send("Show me the phone directory")
    chat.send("Kentucky State Police")
    box = chat.panel.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, width, height), box
    overflow = chat.page.evaluate(
        f"""() => {{
            const root = {ROOT_JS};
            const bad = [];
            for (const el of root.querySelectorAll('#jtpd-panel *')) {{
                if (el.closest('.jtpd-sr')) continue;
                const r = el.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;
                if (r.left < -0.5 || r.right > innerWidth + 0.5)
                    bad.push([el.tagName, el.className, r.left, r.right]);
            }}
            const s = root.getElementById('jtpd-scroll');
            return {{bad, doc: document.documentElement.scrollWidth,
                     scroll: [s.scrollWidth, s.clientWidth]}};
        }}"""
    )
    assert overflow["bad"] == [], overflow
    assert overflow["doc"] <= width
    assert overflow["scroll"][0] <= overflow["scroll"][1]
    # the banner never scrolls away
    chat.loc("#jtpd-scroll").evaluate("s => s.scrollTop = 0")
    chat.loc("#jtpd-scroll").evaluate("s => s.scrollTop = s.scrollHeight")
    banner = chat.loc("#jtpd-911").bounding_box()
    assert banner["y"] >= 0 and banner["y"] + banner["height"] < height / 3, banner
    expect(chat.loc("#jtpd-notice")).to_be_visible()


def test_on_a_phone_tab_stays_in_the_full_screen_panel(make_chat):
    chat = make_chat(viewport=PHONE, is_mobile=True, has_touch=True)
    page = chat.page
    chat.goto()
    chat.launcher.focus()
    page.keyboard.press("Enter")
    expect(chat.input).to_be_focused()
    page.keyboard.press("Tab")
    assert chat.active()["id"] == "jtpd-send"
    page.keyboard.press("Tab")  # wraps to the first control of the panel
    assert chat.active()["id"] == "jtpd-new"
    page.keyboard.press("Shift+Tab")
    assert chat.active()["id"] == "jtpd-send"
    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    expect(chat.launcher).to_be_focused()


def test_targets_are_at_least_24_px_and_controls_are_labelled(chat):
    chat.goto()
    chat.open()
    chat.send("Show me the phone directory")
    small = chat.page.evaluate(
        f"""() => {{
            const out = [];
            for (const el of {ROOT_JS}.querySelectorAll('button, a[href], input')) {{
                const r = el.getBoundingClientRect();
                if (r.width === 0 && r.height === 0) continue;  // hidden
                if (r.width < 24 || r.height < 24) out.push([el.tagName, el.className, el.textContent, r.width, r.height]);
            }}
            return out;
        }}"""
    )
    assert small == []
    expect(chat.input).to_have_accessible_name("Type your message")
    expect(chat.loc("#jtpd-send")).to_have_accessible_name("Send")
    expect(chat.loc("#jtpd-close")).to_have_accessible_name("Close chat")
    expect(chat.loc("#jtpd-new")).to_have_accessible_name("New chat")
    expect(chat.loc("#jtpd-log")).to_have_attribute("role", "log")
    expect(chat.loc("#jtpd-log")).to_have_attribute("aria-live", "polite")
    expect(chat.panel).to_have_attribute("role", "dialog")
    expect(chat.panel).to_have_accessible_name("Jeffersontown Police 911 Assistant")
    assert chat.page.evaluate("() => document.documentElement.lang") == "en"


def test_nothing_loads_from_outside_and_no_errors(chat):
    chat.goto()
    chat.open()
    chat.send("hello")
    chat.page.locator("nav a", has_text="Important phone numbers").click()
    chat.page.wait_for_url("**/about.html")
    chat.goto("/about.html")
    assert chat.external_requests() == []
    assert chat.console_errors == []
    host_css = chat.page.evaluate(
        f"() => [...{ROOT_JS}.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
    )
    assert len(host_css) == 1 and host_css[0].startswith(chat.base_url + "/widget/jtpd-chat.css")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_axe_core_finds_no_violations(make_chat, viewport):
    # axe.min.js is injected as an inline script: the demo page's CSP is bypassed for that only
    chat = make_chat(viewport=viewport, bypass_csp=True)
    chat.goto()
    states = {"closed": chat.run_axe()}
    chat.open()
    states["welcome"] = chat.run_axe()
    chat.send("What's the number for poison control?")
    chat.send("Show me the phone directory")  # a reply with quick replies
    states["conversation"] = chat.run_axe()
    chat.page.route("**/webhooks/rest/webhook", lambda route: route.abort("connectionrefused"))
    chat.input.fill("hello")
    chat.input.press("Enter")
    chat.loc(".jtpd-error").wait_for()
    chat.wait_idle()
    states["offline"] = chat.run_axe()
    chat.page.unroute("**/webhooks/rest/webhook")
    chat.goto("/about.html")
    states["about page"] = chat.run_axe()
    assert {state: v for state, v in states.items() if v} == {}


def _png_size(path) -> tuple:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def test_screenshots_for_the_readme(make_chat):
    """Written to results/screenshots/ on every run; `make screenshots` copies them to
    docs/ for the README, on purpose. The tracked pictures never change by themselves."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        chat = make_chat(viewport=viewport)
        chat.goto()
        chat.open()
        lookup = chat.send("What's the number for poison control?")
        emergency = chat.send("Someone is breaking into my car right now")
        # what the README's caption says the pictures show
        assert any("(502) 589-8222" in text for text in lookup), lookup
        assert emergency and emergency[0].startswith("Call 911 now"), emergency
        expect(chat.loc("#jtpd-911")).to_be_visible()
        chat.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        chat.page.wait_for_timeout(200)
        path = SCREENSHOTS / f"widget-{name}.png"
        chat.page.screenshot(path=str(path))
        assert _png_size(path) == (viewport["width"], viewport["height"])
