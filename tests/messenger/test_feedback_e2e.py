"""Messenger's "Was this helpful?" on the real assistant: Yes / No quick replies after
a lookup that gave numbers (never after a safety reply); a tap is recorded as a
rating in the conversation, thanked, and never reaches the assistant as a message."""

from __future__ import annotations

import json
import sqlite3

import pytest

from . import meta
from .test_e2e import answer, graph, new_psid, send, stack, user_texts  # noqa: F401 - fixtures

pytestmark = pytest.mark.e2e


def ratings(stack, psid):
    with sqlite3.connect(str(stack.tracker_sqlite_path)) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot'", (psid,)
        ).fetchall()
    return [d["value"] for d in (json.loads(r) for (r,) in rows) if d["name"] == "answer_rating"]


def test_a_lookup_asks_and_a_tap_is_recorded_not_answered(stack, graph):
    psid = new_psid()
    send(stack, meta.text(psid, "poison control number"))
    sent = answer(graph, psid, count=2)
    assert "(502) 589-8222" in sent[0].text
    assert sent[-1].text == "Was this helpful?"
    assert [q["payload"] for q in sent[-1].quick_replies] == ["JTPD_RATING_YES", "JTPD_RATING_NO"]
    graph.clear()
    send(stack, meta.quick_reply(psid, "No", "JTPD_RATING_NO"))
    [thanks] = answer(graph, psid)
    assert thanks.text == "Thanks for your feedback."
    assert ratings(stack, psid) == ["no"]
    assert user_texts(stack, psid) == ["poison control number"]


def test_no_question_after_a_safety_reply_or_a_non_lookup(stack, graph):
    for text in ("help someone is breaking into my house right now", "hello"):
        psid = new_psid()
        send(stack, meta.text(psid, text))
        sent = answer(graph, psid)
        assert all(s.text != "Was this helpful?" for s in sent), text
