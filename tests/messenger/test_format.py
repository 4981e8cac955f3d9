"""Replies as Messenger messages (channels/messenger_format.py and the modules it is
built from: messenger_calls, messenger_titles, text_split)."""

import pytest

from channels import messenger_format as fmt
from channels.messenger_calls import CallNumber, call_button, phone_numbers
from channels.messenger_format import build_messages, plain_text_of, quick_replies
from channels.messenger_limits import TEXT_LIMIT, TITLE_LIMIT
from channels.messenger_titles import shorten_title
from channels.text_split import split_last, split_text

EMERGENCY = (
    "If this is an emergency, call 911 now.\n"
    "Tell the dispatcher WHERE you are first. Please do not hang up during the transfer."
)


def buttons_of(message):
    return message["attachment"]["payload"]["buttons"]


def text_of(message):
    return message.get("text") or message["attachment"]["payload"]["text"]


# --- phone numbers -----------------------------------------------------------------


def test_the_numbers_of_a_text_as_call_numbers_in_order():
    """Finding them is assistant/phone_text.py's (tests/unit/test_phone_text.py)."""
    text = "Call 911. Or (502) 267-0503. Crisis: 988\nFax: (502) 267-5936"
    assert phone_numbers(text) == [CallNumber("911"), CallNumber("5022670503"), CallNumber("988")]


@pytest.mark.parametrize(
    "number,payload,title",
    [
        ("5022670503", "+15022670503", "Call (502) 267-0503"),
        # "Call 1 (800) 222-5555" is 21 characters: the number, in the one display
        # format, is the title
        ("18002225555", "+18002225555", "1 (800) 222-5555"),
    ],
)
def test_call_button_payload_and_title(number, payload, title):
    button = call_button(CallNumber(number))
    assert button == {"type": "phone_number", "title": title, "payload": payload}
    assert len(button["title"]) <= TITLE_LIMIT


def test_every_directory_number_has_a_call_button_title_that_fits():
    from assistant.directory import load_directory

    for number in load_directory().all_numbers():
        call = CallNumber(number.digits)
        if call.callable_by_button:
            assert number.display in call.title and len(call.title) <= TITLE_LIMIT


@pytest.mark.parametrize("code", ["911", "988"])
def test_a_short_code_has_no_call_button(code):
    assert not CallNumber(code).callable_by_button
    with pytest.raises(ValueError):
        call_button(CallNumber(code))


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title,expected",
    [
        ("Poison Control", "Poison Control"),
        ("Exactly twenty chars", "Exactly twenty chars"),
        ("Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF) - Louisville Office", "ATF"),
        ("Drug Enforcement Administration (DEA) - Louisville Office", "DEA"),
        ("FBI - Louisville Office", "FBI"),
        ("Kentucky Victim Notification (VINE)", "VINE"),
        ("Metro Corrections (Jail)", "Metro Corrections"),
        ("Jefferson County Youth Center", "Jefferson County…"),
        ("Non-emergency number please", "Non-emergency…"),
        ("Supercalifragilisticexpialidocious", "Supercalifragilisti…"),
        ("  Poison   Control  ", "Poison Control"),
    ],
)
def test_long_titles_are_shortened_sensibly(title, expected):
    short = shorten_title(title)
    assert short == expected
    assert len(short) <= 20


@pytest.mark.parametrize(
    "title",
    [
        "U.S. Secret Service - Louisville Office",
        "Child/Adult Protective Services",
        "Center For Women and Families",
        "Jefferson County Clerk's Office",
        "Anchorage Police, Shively Police, St Matthews Police",
        "x" * 300,
    ],
)
def test_every_title_fits(title):
    assert 0 < len(shorten_title(title)) <= 20


# --- quick replies -------------------------------------------------------------------


def test_buttons_become_quick_replies_with_payload_intact():
    payload = '/lookup{"entry":"atf"}'
    replies = quick_replies(
        [
            {
                "title": "Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF) - Louisville Office",
                "payload": payload,
            },
            {"title": "Yes", "payload": "/affirm"},
        ]
    )
    assert replies == [
        {"content_type": "text", "title": "ATF", "payload": payload},
        {"content_type": "text", "title": "Yes", "payload": "/affirm"},
    ]


def test_at_most_13_quick_replies():
    replies = quick_replies({"title": f"Choice {n}", "payload": f"/c{n}"} for n in range(20))
    assert len(replies) == 13
    assert replies[-1]["payload"] == "/c12"


def test_broken_buttons_are_left_out():
    replies = quick_replies(
        [
            {"title": "", "payload": ""},
            {"title": "Too long", "payload": "/x" + "a" * 1000},
            "not a button",
            {"payload": "/only_payload"},
            {"title": "Only title"},
        ]
    )
    assert replies == [
        {"content_type": "text", "title": "/only_payload", "payload": "/only_payload"},
        {"content_type": "text", "title": "Only title", "payload": "Only title"},
    ]


# --- splitting -----------------------------------------------------------------------


def sentences(n, start=0):
    return " ".join(f"This is sentence number {i} of the reply." for i in range(start, start + n))


def test_short_text_is_one_piece():
    assert split_text("  Hello there.  ", TEXT_LIMIT) == ["Hello there."]
    assert split_text("", TEXT_LIMIT) == []


def test_long_text_is_split_under_the_limit_on_sentence_boundaries():
    text = sentences(120)  # about 4,900 characters
    pieces = split_text(text, 2000)
    assert len(pieces) == 3
    assert all(len(p) <= 2000 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert all(p.startswith("This is sentence") for p in pieces)
    assert " ".join(pieces) == text  # nothing lost but the spaces at the breaks


def test_paragraph_breaks_are_preferred():
    first = sentences(20)
    second = sentences(20, 20)
    text = first + "\n\n" + second
    assert split_text(text, len(first) + 50) == [first, second]


def test_abbreviations_are_not_sentence_ends():
    text = "Call the U.S. Marshals - Louisville Office at (502) 582-5141. Then wait."
    pieces = split_text(text, 65)
    assert pieces[0] == "Call the U.S. Marshals - Louisville Office at (502) 582-5141."


def test_a_text_without_sentence_ends_is_split_between_words():
    text = " ".join(["word"] * 1000)
    pieces = split_text(text, 2000)
    assert all(len(p) <= 2000 for p in pieces)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces)
    assert " ".join(pieces) == text


def test_a_word_longer_than_the_limit_is_cut():
    pieces = split_text("x" * 4500, 2000)
    assert [len(p) for p in pieces] == [2000, 2000, 500]


def test_exactly_at_the_limit_is_not_split():
    text = "a" * 1999 + "."
    assert split_text(text, 2000) == [text]


def test_split_last_keeps_the_longest_tail_under_the_limit():
    text = sentences(30)
    head, tail = split_last(text, 640)
    assert len(tail) <= 640 and len(tail) > 500
    assert tail.startswith("This is sentence")
    assert head + " " + tail == text


# --- whole replies -------------------------------------------------------------------


def test_a_reply_without_numbers_is_plain_text():
    assert build_messages("Hello! How can I help?") == [{"text": "Hello! How can I help?"}]


def test_a_lookup_gives_the_number_and_its_call_button():
    messages = build_messages("Poison Control Center: (502) 589-8222")
    assert len(messages) == 1
    assert text_of(messages[0]) == "Poison Control Center: (502) 589-8222"
    assert buttons_of(messages[0]) == [
        {"type": "phone_number", "title": "Call (502) 589-8222", "payload": "+15025898222"}
    ]
    assert messages[0]["attachment"]["payload"]["template_type"] == "button"


def test_an_emergency_reply_leads_with_911_and_calls_only_full_numbers():
    messages = build_messages(EMERGENCY + " Non-emergency: (502) 267-0503.")
    assert text_of(messages[0]).startswith("If this is an emergency, call 911 now.")
    assert buttons_of(messages[0]) == [
        {"type": "phone_number", "title": "Call (502) 267-0503", "payload": "+15022670503"}
    ]


@pytest.mark.parametrize(
    "text", ["Call 911 now.", "Crisis Line: 988", EMERGENCY, "Call 9-1-1, or 988 for the crisis line."]
)
def test_short_codes_never_become_call_buttons(text):
    """Meta refuses a call button whose payload is not "+", country code, number: a
    refused template would delay the reply (an emergency one too) until its text
    fallback. The text itself gives the short code."""
    assert build_messages(text) == [{"text": text}]


def test_at_most_3_call_buttons_per_template_the_others_stay_as_text():
    text = (
        "Police departments: Jeffersontown Police (502) 267-0503, Anchorage Police "
        "(502) 245-4334, Louisville Metro Police (502) 574-2111, Shively Police "
        "(502) 448-6181, St Matthews Police (502) 893-9000."
    )
    messages = build_messages(text)
    assert len(messages) == 1
    assert [b["payload"] for b in buttons_of(messages[0])] == ["+15022670503", "+15022454334", "+15025742111"]
    assert "(502) 448-6181" in text_of(messages[0])
    assert "(502) 893-9000" in text_of(messages[0])


def test_a_long_reply_with_numbers_is_split_and_the_template_text_fits_640():
    text = sentences(40) + " Call (502) 267-0503 for help."
    messages = build_messages(text)
    assert all(len(m["text"]) <= 2000 for m in messages if "text" in m)
    template = messages[-1]
    assert len(text_of(template)) <= 640
    assert buttons_of(template)[0]["payload"] == "+15022670503"
    assert " ".join(text_of(m) for m in messages) == text


def test_a_long_emergency_reply_starts_with_the_template():
    text = EMERGENCY + "\n" + sentences(80) + " Non-emergency: (502) 267-0503."
    messages = build_messages(text)
    assert "attachment" in messages[0]
    assert text_of(messages[0]).startswith("If this is an emergency, call 911 now.")
    assert [b["payload"] for b in buttons_of(messages[0])] == ["+15022670503"]
    assert len(text_of(messages[0])) <= 640
    assert all(len(text_of(m)) <= 2000 for m in messages)
    assert "\n".join([text_of(messages[0]), " ".join(text_of(m) for m in messages[1:])]) == text


def test_a_very_long_reply_without_numbers_is_split_under_2000():
    messages = build_messages(sentences(200))
    assert len(messages) >= 4
    assert all(set(m) == {"text"} and len(m["text"]) <= 2000 for m in messages)


def test_quick_replies_go_on_the_last_message_only():
    buttons = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]
    messages = build_messages(sentences(120), buttons)
    assert all("quick_replies" not in m for m in messages[:-1])
    assert [q["payload"] for q in messages[-1]["quick_replies"]] == ["/affirm", "/deny"]


def test_call_buttons_and_quick_replies_together():
    buttons = [{"title": "Another number", "payload": "/lookup_number"}]
    messages = build_messages("Poison Control Center: (502) 589-8222", buttons)
    assert buttons_of(messages[0]) == [
        {"type": "phone_number", "title": "Call (502) 589-8222", "payload": "+15025898222"}
    ]
    assert messages[0]["quick_replies"][0]["payload"] == "/lookup_number"


def test_a_tel_button_becomes_a_call_button_not_a_quick_reply():
    messages = build_messages(
        "Need poison control?",
        [
            {"title": "Call Poison Control", "payload": "tel:502-589-8222"},
            {"title": "Call the Crisis Line", "payload": "tel:988"},
            {"title": "No thanks", "payload": "/deny"},
        ],
    )
    # a short code is neither a call button (Meta refuses it) nor a quick reply
    assert buttons_of(messages[0]) == [
        {"type": "phone_number", "title": "Call (502) 589-8222", "payload": "+15025898222"}
    ]
    assert [q["payload"] for q in messages[0]["quick_replies"]] == ["/deny"]


def test_buttons_without_text_still_get_text():
    messages = build_messages("", [{"title": "Yes", "payload": "/affirm"}])
    assert messages[0]["text"] and messages[0]["quick_replies"]


def test_nothing_to_send_gives_no_message():
    assert build_messages("") == []
    assert build_messages(None) == []


def test_attachment_replies_are_polite_and_remind_of_911():
    for types in (["image"], ["sticker"], ["audio"], ["file"], ["video"], ["image", "location"]):
        messages = fmt.attachment_reply(types)
        assert len(messages) == 1
        assert "only read text" in text_of(messages[0]) and "call 911" in text_of(messages[0])
        assert "attachment" not in messages[0]  # no short-code call button
    location = fmt.attachment_reply(["location"])
    assert "where you are" in text_of(location[0]) and "call 911" in text_of(location[0])


def test_a_refused_template_falls_back_to_its_text():
    message = build_messages(
        "Poison Control Center: (502) 589-8222", [{"title": "Yes", "payload": "/affirm"}]
    )[0]
    assert plain_text_of(message) == {
        "text": "Poison Control Center: (502) 589-8222",
        "quick_replies": message["quick_replies"],
    }
    assert plain_text_of({"text": "already text"}) is None
    assert plain_text_of({"attachment": {"type": "image", "payload": {"url": "x"}}}) is None


# --- every reply passes Messenger's own checks ----------------------------------------


def _page_lines():
    """Every line of the JTPD page's phone list, as a reply would give it. The page is
    read where the unit tests read it; without it this test fails instead of checking less."""
    from tests.unit.conftest import page_section_lines

    lines = page_section_lines()
    assert len(lines) > 20, "the 911 page's phone list is missing or empty"
    return lines


def test_the_fake_graph_validator_catches_what_meta_refuses():
    from .fake_graph import problems

    ok = {"recipient": {"id": "1"}, "messaging_type": "RESPONSE", "message": {"text": "hi"}}
    assert problems(ok, {"access_token": "t"}) == []
    assert problems({**ok, "message": {"text": "x" * 2001}}, {"access_token": "t"})
    too_many = fmt.button_template("t", [call_button(CallNumber("5022670503"))] * 4)
    assert problems({**ok, "message": too_many}, {"access_token": "t"})
    for short_code in ("911", "988"):
        bare = fmt.button_template("t", [{"type": "phone_number", "title": "Call", "payload": short_code}])
        assert problems({**ok, "message": bare}, {"access_token": "t"})
    long_title = {
        "text": "t",
        "quick_replies": [{"content_type": "text", "title": "x" * 21, "payload": "/p"}],
    }
    assert problems({**ok, "message": long_title}, {"access_token": "t"})
    assert problems(ok, {})


@pytest.mark.parametrize("case", ["lines", "all", "long", "buttons"])
def test_every_reply_built_passes_messengers_limits(case):
    from .fake_graph import problems

    lines = _page_lines()
    many_buttons = [{"title": f"{line} and more words", "payload": f"/p{n}"} for n, line in enumerate(lines)]
    texts = {
        "lines": lines,
        "all": ["\n".join(lines), EMERGENCY + "\n" + "\n".join(lines)],
        "long": [sentences(300), EMERGENCY + " " + sentences(300), sentences(50) + " (502) 267-0503"],
        "buttons": ["Pick one:", ""],
    }[case]
    for text in texts:
        for message in build_messages(text, many_buttons if case == "buttons" else ()):
            body = {"recipient": {"id": "1"}, "messaging_type": "RESPONSE", "message": message}
            assert problems(body, {"access_token": "t"}) == [], (text[:80], message)
