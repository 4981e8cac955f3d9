"""Webhook bodies in Meta's documented shapes, classified (channels/messenger_events.py)."""

import pytest

from channels.messenger_events import Kind, attachment_type, classify_event, parse_webhook

from . import meta

PSID = "6543210987654321"


def one(event):
    events = parse_webhook(meta.page_body(event))
    assert len(events) == 1
    return events[0]


def test_a_text_message_reaches_the_assistant_with_its_mid():
    event = one(meta.text(PSID, "what is the non-emergency number?", mid="m_abc"))
    assert event.kind is Kind.TEXT
    assert event.reaches_assistant
    assert event.sender_id == PSID
    assert event.text == "what is the non-emergency number?"
    assert event.mid == "m_abc" and event.dedup_key == "mid:m_abc"


def test_a_quick_reply_tap_sends_its_payload_not_its_title():
    event = one(meta.quick_reply(PSID, "Poison Control", "/lookup{\"entry\":\"poison-control\"}"))
    assert event.kind is Kind.QUICK_REPLY
    assert event.text == "/lookup{\"entry\":\"poison-control\"}"


def test_a_postback_sends_its_payload():
    event = one(meta.postback(PSID, "Get Started", "/greet", mid="m_pb"))
    assert event.kind is Kind.POSTBACK
    assert event.text == "/greet"
    assert event.dedup_key == "mid:m_pb"


def test_a_postback_without_mid_is_still_deduplicated_by_sender_time_payload():
    event_data = meta.legacy_postback(PSID, "Get Started", "/greet")
    first = one(event_data)
    again = one(event_data)
    assert first.kind is Kind.POSTBACK and first.dedup_key
    assert first.dedup_key == again.dedup_key


def test_a_postback_without_payload_uses_its_title():
    event = classify_event({"sender": {"id": PSID}, "postback": {"title": "Help", "mid": "m1"}})
    assert event.kind is Kind.POSTBACK and event.text == "Help"


@pytest.mark.parametrize(
    "builder,kind",
    [
        (meta.image, "image"),
        (meta.audio, "audio"),
        (meta.video, "video"),
        (meta.file, "file"),
        (meta.location, "location"),
        (meta.sticker, "sticker"),
        (meta.sticker_new_type, "sticker"),
    ],
)
def test_attachments_do_not_reach_the_assistant(builder, kind):
    event = one(builder(PSID))
    assert event.kind is Kind.ATTACHMENT
    assert not event.reaches_assistant
    assert event.attachment_types == (kind,)
    assert event.dedup_key  # answered once too


def test_a_shared_link_is_text():
    event = one(meta.shared_link(PSID, "https://example.org/page"))
    assert event.kind is Kind.TEXT and event.text == "https://example.org/page"


@pytest.mark.parametrize(
    "builder,reason",
    [
        (lambda: meta.echo(PSID, "Call 911 now."), "echo"),
        (lambda: meta.delivery(PSID), "delivery"),
        (lambda: meta.read(PSID), "read"),
    ],
)
def test_echoes_deliveries_and_reads_are_ignored(builder, reason):
    event = one(builder())
    assert event.kind is Kind.IGNORED and event.reason == reason
    assert not event.reaches_assistant


@pytest.mark.parametrize(
    "event",
    [
        {"recipient": {"id": meta.PAGE_ID}, "message": {"mid": "m", "text": "no sender"}},
        {"sender": {}, "message": {"mid": "m", "text": "empty sender"}},
        {"sender": {"id": PSID}, "message": {"mid": "m"}},
        {"sender": {"id": PSID}, "message": {"mid": "m", "text": "   "}},
        {"sender": {"id": PSID}, "reaction": {"mid": "m", "action": "react", "emoji": "x"}},
        {"sender": {"id": PSID}, "something_new": {}},
        "not an object",
        None,
    ],
)
def test_odd_events_are_ignored_not_fatal(event):
    assert classify_event(event).kind is Kind.IGNORED


def test_numeric_sender_ids_are_read_as_strings():
    event = classify_event({"sender": {"id": 1234567}, "message": {"mid": "m", "text": "hi"}})
    assert event.kind is Kind.TEXT and event.sender_id == "1234567"


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "page",
        {},
        {"object": "instagram", "entry": []},
        {"object": "page"},
        {"object": "page", "entry": "x"},
        {"object": "page", "entry": [None]},
    ],
)
def test_bodies_that_are_not_a_page_s_give_no_events(body):
    assert parse_webhook(body) == []


def test_batched_entries_and_events_are_all_read_in_order():
    body = meta.batched(
        [meta.text(PSID, "first"), meta.read(PSID)],
        [meta.text("111", "second"), meta.echo(PSID, "x"), meta.postback(PSID, "t", "/third")],
    )
    events = parse_webhook(body)
    assert [e.kind for e in events] == [Kind.TEXT, Kind.IGNORED, Kind.TEXT, Kind.IGNORED, Kind.POSTBACK]
    assert [e.text for e in events if e.reaches_assistant] == ["first", "second", "/third"]


def test_standby_events_are_ignored():
    body = {
        "object": "page",
        "entry": [{"id": meta.PAGE_ID, "time": 1, "standby": [meta.text(PSID, "for another app")]}],
    }
    assert [e.kind for e in parse_webhook(body)] == [Kind.IGNORED]


def test_attachment_type_of_odd_items():
    assert attachment_type(None) == "unknown"
    assert attachment_type({"payload": {}}) == "unknown"
    assert attachment_type({"type": "fallback", "payload": None}) == "fallback"


def test_text_is_cleaned_and_bounded_like_the_rest_channel():
    from channels.messenger_events import MAX_TEXT_CHARS

    event = one(meta.text(PSID, "line one\nline\ttwo\x00\x1b[31m \ud800end"))
    assert event.text == "line one line two[31m \ufffdend"
    long = one(meta.text(PSID, "someone is breaking in " + "x" * 20_000))
    assert long.kind is Kind.TEXT and len(long.text) == MAX_TEXT_CHARS
    assert long.text.startswith("someone is breaking in")
    assert one(meta.text(PSID, "\x00\x01\x02")).kind is Kind.IGNORED


@pytest.mark.parametrize("sender", ["with space", "x" * 256, "tab\there", "\x00"])
def test_implausible_sender_ids_are_ignored(sender):
    event = classify_event({"sender": {"id": sender}, "message": {"mid": "m", "text": "hi"}})
    assert event.kind is Kind.IGNORED
