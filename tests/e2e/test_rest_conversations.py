"""Whole conversations through the REST channel, against the real servers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.e2e

PHONE_NUMBER = re.compile(r"(?:1 )?\(\d{3}\) \d{3}-\d{4}|\b\d{3}\b")
DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text())


def response(name: str) -> str:
    return DOMAIN["responses"][name][0]["text"]


def test_an_emergency_is_told_to_call_911_first(conversation):
    replies = conversation.say("help there's a man with a gun outside my house")
    assert replies[0]["text"].startswith("Call 911 now")


def test_an_emergency_wins_over_a_question_in_the_same_message(conversation):
    replies = conversation.say("whats the number for the fbi, someone is breaking in right now")
    assert replies[0]["text"].startswith("Call 911 now")


def test_a_crisis_gets_988(conversation):
    text = conversation.reply_text("i dont want to live anymore")
    assert "988" in text and "911" in text


def test_mistaken_dial_and_hang_up(conversation):
    first = conversation.reply_text("my kid called 911 by accident what do i do")
    assert "don't hang up" in first.lower()
    second = conversation.reply_text("i already hung up, what happens now?")
    assert "call the number back" in second and "officers may be sent" in second


def test_texting_the_dispatchers(conversation):
    text = conversation.reply_text("can i text you guys?")
    assert "(502) 267-0503" in text and "Prepared Live" in text


def test_three_lookups_with_a_follow_up(conversation):
    assert "(502) 589-8222" in conversation.reply_text("poision control number")
    assert "(502) 583-3941" in conversation.reply_text("what's the FBI's number")
    assert "(502) 582-5908" in conversation.reply_text("and the DEA?")


def test_a_bare_request_then_the_agency(conversation):
    ask = conversation.say("i need a phone number")
    assert ask[0].get("buttons"), "it should offer categories to pick from"
    assert "(502) 363-6609" in conversation.reply_text("animal control")


def test_a_vague_name_offers_choices_that_work(conversation):
    replies = conversation.say("metro")
    buttons = replies[0]["buttons"]
    assert len(buttons) > 1
    corrections = [b for b in buttons if "jail" in b["title"].lower()]
    assert corrections
    assert "(502) 574-8477" in conversation.reply_text(corrections[0]["payload"])


def test_a_category_listing(conversation):
    text = conversation.reply_text("list the federal agencies")
    for number in [
        "(502) 753-3400",
        "(502) 582-5908",
        "(502) 583-3941",
        "(502) 583-6680",
        "(502) 582-5141",
        "(502) 582-5171",
    ]:
        assert number in text


def test_an_unknown_agency_is_not_guessed(conversation):
    """No number but the non-emergency line and 911, and categories to pick from."""
    [reply] = conversation.say("what's the phone number for the mayor's office")
    assert "won't guess" in reply["text"]
    assert sorted(PHONE_NUMBER.findall(reply["text"])) == ["(502) 267-0503", "911"]
    assert reply["buttons"] and all(b["payload"].startswith("/list_category") for b in reply["buttons"]), (
        reply["buttons"]
    )


# Each bad input and the reply it must get: the fallback (nothing to understand).
BAD_INPUTS = {
    "empty": ("", "utter_default"),
    "whitespace": ("   \t\n ", "utter_default"),
    "20000 characters": ("x" * 20000, "utter_default"),
    "emoji only": ("🚨🚓😱", "utter_default"),
    "html and script": ("<script>alert(1)</script><img src=x onerror=alert(1)>", "utter_default"),
    "control characters": ("\x00\x01\x02\x1b[31mred\x07", "utter_default"),
}


@pytest.mark.parametrize("bad_input, expected", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_input_gets_a_sensible_reply_and_the_conversation_goes_on(conversation, bad_input, expected):
    replies = conversation.say(bad_input)
    assert [r.get("text") for r in replies] == [response(expected)]
    assert "(502) 589-8222" in conversation.reply_text("poison control")


def test_a_spanish_question_gets_a_spanish_answer_and_the_conversation_goes_on(conversation):
    """Issue 13: no more "I can only answer in English"; the reply is the Spanish
    variation (jtpd_lang) and reads as Spanish, and English is answered in English."""
    from assistant.language import language_of

    replies = conversation.say("¿Cuál es el número de la policía para algo que no es urgente?")
    assert replies and all(r.get("jtpd_lang") == "es" for r in replies), replies
    assert all(language_of(r.get("text") or "") != "en" for r in replies), replies
    assert any(language_of(r.get("text") or "") == "es" for r in replies), replies
    assert "(502) 267-0503" in "\n".join(r.get("text") or "" for r in replies)
    replies = conversation.say("What's the number for poison control?")
    assert "(502) 589-8222" in replies[0]["text"] and replies[0]["jtpd_lang"] == "en", replies


def test_another_language_is_told_english_and_spanish_are_spoken(conversation):
    text = conversation.reply_text("Bonjour, parlez-vous français ? J'ai besoin d'aide.")
    assert text == response("utter_non_english")
    assert "Spanish" in text and "911" in text


# Only markup, with words in its attributes that the classifier would otherwise act on.
@pytest.mark.parametrize(
    "markup",
    [
        "<b></b>",
        '<a href="https://www.fbi.gov"></a>',
        '<img src="x.png" alt="poison control">',
        '<div class="hello thanks"></div>',
        "<img src=x onerror=\"alert('what is the fbi number')\">",
    ],
)
def test_only_markup_gets_the_fallback(conversation, markup):
    assert [r.get("text") for r in conversation.say(markup)] == [response("utter_default")]


@pytest.mark.parametrize(
    "text, number",
    [("<b>poison control</b>", "(502) 589-8222"), ("<p>what's the FBI's number?</p>", "(502) 583-3941")],
)
def test_words_inside_markup_are_understood(conversation, text, number):
    assert number in conversation.reply_text(text)
