""" "Was this helpful?" in the chat widget, against the real assistant: shown under the
last answer, never under a safety reply; a click is recorded in the conversation
and thanked; axe-core still finds no violation with it."""

from __future__ import annotations

import json
import sqlite3

import pytest

pytestmark = pytest.mark.browser


def ratings(stack, sender):
    with sqlite3.connect(str(stack.tracker_sqlite_path), timeout=30) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (sender,)
        ).fetchall()
    return [d["value"] for d in (json.loads(r) for (r,) in rows) if d["name"] == "answer_rating"]


def test_rate_an_answer_with_the_keyboard(make_chat, stack):
    chat = make_chat(bypass_csp=True)
    chat.goto()
    chat.open()
    feedback = chat.loc("#jtpd-feedback")
    assert feedback.is_hidden()  # nothing to rate yet
    chat.send("What's the number for poison control?")
    assert feedback.is_visible()
    assert chat.text_of(chat.bot_messages.last).startswith("Poison Control")
    assert feedback.get_attribute("role") == "group"
    assert chat.loc("#jtpd-feedback-q").inner_text() == "Was this helpful?"
    assert chat.loc("#jtpd-feedback .jtpd-fb").all_inner_texts() == ["Yes", "No"]
    assert chat.run_axe() == []
    no = chat.loc('#jtpd-feedback .jtpd-fb[data-rating="no"]')
    no.focus()
    chat.page.keyboard.press("Enter")
    chat.loc(".jtpd-feedback-done").wait_for()
    assert chat.loc("#jtpd-feedback").inner_text() == "Thanks for your feedback."
    assert chat.active().get("id") == "jtpd-input"  # the focus is not lost
    assert ratings(stack, chat.session_id()) == ["no"]
    assert chat.run_axe() == []
    chat.send("thanks")
    assert feedback.is_visible() and chat.loc("#jtpd-feedback .jtpd-fb").count() == 2


def test_never_under_a_safety_reply(make_chat, stack):
    chat = make_chat()
    chat.goto()
    chat.open()
    chat.send("What's the number for poison control?")
    assert chat.loc("#jtpd-feedback").is_visible()
    texts = chat.send("Someone is breaking into my car right now")
    assert texts[0].startswith("Call 911 now")
    assert chat.loc("#jtpd-feedback").is_hidden()
    assert chat.loc("#jtpd-feedback .jtpd-fb").count() == 0
    assert ratings(stack, chat.session_id()) == []
