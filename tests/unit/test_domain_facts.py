"""domain.yml and data/rules.yml: the fixed replies say only what the page says.

Every place a resident can read a phone number is checked against the directory:
domain.yml's responses and channel_responses, the texts the channels hold, the chat
widget's generated words and the demo site's pages.
"""

import html
import re
from pathlib import Path

import pytest
import yaml

from assistant.directory import digits_of, tel_uri
from assistant.domain_text import directory_values, fill

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RULES = yaml.safe_load((ROOT / "data" / "rules.yml").read_text(encoding="utf-8"))
STORIES_PATH = ROOT / "data" / "stories.yml"

RESPONSES = DOMAIN.get("responses") or {}
CHANNEL_RESPONSES = DOMAIN.get("channel_responses") or {}
SITE_PAGES = sorted((ROOT / "web" / "site").glob("*.html"))
WIDGET_SCRIPT = ROOT / "web" / "widget" / "jtpd-chat.js"
INTENTS = [i if isinstance(i, str) else next(iter(i)) for i in DOMAIN.get("intents") or []]
ACTIONS = DOMAIN.get("actions") or []

FULL_NUMBER = re.compile(r"(?<![\d(])(?:1 )?\(\d{3}\) \d{3}-\d{4}(?!\d)")
SHORT_CODE = re.compile(r"(?<![\w(-])(?:911|988|211|311|511)(?![\w)-])")
URL = re.compile(r"\bhttps?://\S+")
PHONE_LIKE = re.compile(r"(?<!\w)\+?\d[\d\s().-]*\d")  # not "Smart911"

# Proper names that contain the word but do not speak of an emergency.
_NOT_AN_EMERGENCY_MENTION = re.compile(
    r"non-emergency|Emergency Management Agency|Emergency Health Profile", re.I
)
_EMERGENCY = re.compile(r"\bemergenc(?:y|ies)\b", re.I)
_SAYS_911 = re.compile(r"(?<![\w-])911(?![\w-])")

# utter_non_emergency has the variation said when the phone directory (the action
# server) cannot be reached; every variation of every fallback must say 911.
FALLBACKS = ["utter_default", "utter_out_of_scope", "utter_insult", "utter_non_emergency"]

# Replies that speak of an emergency but do not say 911 yet (with the reason); empty
# when every one does. A listed reply that starts saying 911 fails (strict xfail).
_NO_911_TODAY: dict = {}


def _texts(name):
    return [variant.get("text") or "" for variant in RESPONSES[name]]


def _all_texts():
    for name in RESPONSES:
        for text in _texts(name):
            yield name, text


def _rule_steps():
    for rule in RULES.get("rules") or []:
        for step in rule.get("steps") or []:
            yield rule.get("rule"), step


def test_domain_parses():
    assert RESPONSES and INTENTS
    assert RULES.get("rules")


def _channel_texts(directory):
    values = directory_values(directory)
    for name, variations in CHANNEL_RESPONSES.items():
        for variant in variations:
            if variant.get("text"):
                yield f"channel_responses.{name}", fill(variant["text"], values)
            for key, value in (variant.get("custom") or {}).items():
                yield f"channel_responses.{name}.{key}", str(value)


def _code_texts():
    """The channel texts as the code holds them (read from domain.yml at import)."""
    from channels import messenger_format, rest

    for module, name in [
        (rest, "UNAVAILABLE_TEXT"),
        (messenger_format, "ATTACHMENT_REPLY"),
        (messenger_format, "LOCATION_REPLY"),
        (messenger_format, "DEFAULT_CHOICE_TEXT"),
    ]:
        yield f"{module.__name__}.{name}", getattr(module, name)


def _widget_texts():
    """The words generated into the widget's script, as the script holds them (its other
    strings are code, scanned by tests/unit/test_no_typed_text.py)."""
    from tests.unit.test_no_typed_text import javascript_literals
    from web.widget_text import generated_block

    block = generated_block(WIDGET_SCRIPT.read_text(encoding="utf-8"))
    for line, text in javascript_literals(block):
        yield f"web/widget/jtpd-chat.js:generated:{line}", text


def _page_texts():
    """What a reader sees of each demo page: its text, tags removed."""
    for page in SITE_PAGES:
        source = page.read_text(encoding="utf-8")
        source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S | re.I)
        yield f"web/site/{page.name}", html.unescape(re.sub(r"<[^>]+>", " ", source))


def _every_place(directory):
    yield from _all_texts()
    yield from _channel_texts(directory)
    yield from _code_texts()
    yield from _widget_texts()
    yield from _page_texts()


def test_every_place_is_read(directory):
    places = {where.split(":")[0] for where, _ in _every_place(directory)}
    assert {
        "utter_greet",
        "channel_responses.unavailable",
        "channels.rest.UNAVAILABLE_TEXT",
        "web/widget/jtpd-chat.js",
        "web/site/index.html",
        "web/site/about.html",
    } <= places


def test_every_phone_number_in_responses_is_in_the_directory_or_911(directory):
    known = {n.digits for n in directory.all_numbers()} | {"911"}
    checked = set()
    for name, text in _every_place(directory):
        for number in FULL_NUMBER.findall(text) + SHORT_CODE.findall(text):
            checked.add(name.split(":")[0])
            assert digits_of(number) in known, f"{name}: {number} is not in the directory"
    # the regexes do find the numbers, in every kind of place
    assert {
        "utter_bot_challenge",
        "channel_responses.unavailable",
        "web/widget/jtpd-chat.js",
        "channels.rest.UNAVAILABLE_TEXT",
        "web/site/about.html",
    } <= checked


def test_no_number_in_another_format(directory):
    """A "502-267-0503" in a reply would escape the check above: there is none."""
    for name, text in _every_place(directory):
        text = URL.sub(" ", text)  # "http://localhost:5005": a port, not a phone number
        rest = SHORT_CODE.sub(" ", FULL_NUMBER.sub(" ", text))
        odd = [m for m in PHONE_LIKE.findall(rest) if len(digits_of(m)) >= 3]
        assert not odd, f"{name}: {odd}"


def test_the_demo_pages_link_each_number_to_itself(directory):
    """A tel: link calls the number it shows, in the directory's own link format."""
    known = {n.digits for n in directory.all_numbers()}
    links = 0
    for page in SITE_PAGES:
        source = page.read_text(encoding="utf-8")
        for href, shown in re.findall(r'<a href="(tel:[^"]*)"[^>]*>([^<]*)</a>', source):
            links += 1
            digits = digits_of(shown)
            assert digits in known, f"{page.name}: {shown} is not in the directory"
            assert href == tel_uri(digits), f"{page.name}: {shown} links to {href}"
    assert links >= 5


def test_channel_responses_that_speak_of_an_emergency_say_911(directory):
    for name, text in _channel_texts(directory):
        mentions = _EMERGENCY.search(_NOT_AN_EMERGENCY_MENTION.sub(" ", text))
        if mentions:
            assert _SAYS_911.search(text), f"{name} speaks of an emergency but not of 911"


def test_button_payloads_name_domain_intents():
    for name in RESPONSES:
        for variant in RESPONSES[name]:
            for button in variant.get("buttons") or []:
                payload = button["payload"]
                assert payload.startswith("/")
                intent = re.match(r"/(\w+)", payload).group(1)
                assert intent in INTENTS, f"{name}: {payload}"


def _emergency_cases():
    for name in RESPONSES:
        param = pytest.param(name, id=name)
        if name in _NO_911_TODAY:
            param = pytest.param(
                name, id=name, marks=pytest.mark.xfail(strict=True, reason=f"{name} {_NO_911_TODAY[name]}")
            )
        yield param


@pytest.mark.parametrize("name", list(_emergency_cases()))
def test_every_response_mentioning_an_emergency_says_911(name):
    for text in _texts(name):
        mentions = _EMERGENCY.search(_NOT_AN_EMERGENCY_MENTION.sub(" ", text))
        if mentions:
            assert _SAYS_911.search(text), f"{name} speaks of an emergency but not of 911"


@pytest.mark.parametrize("name", FALLBACKS)
def test_fallback_responses_mention_911(name):
    assert name in RESPONSES, f"{name} is missing from domain.yml"
    for text in _texts(name):
        assert _SAYS_911.search(text), f"{name} does not mention 911"


def test_the_directory_unavailable_reply_gives_the_non_emergency_line():
    failed = {"type": "slot", "name": "directory_unavailable", "value": True}
    variations = [v for v in RESPONSES["utter_non_emergency"] if failed in (v.get("condition") or [])]
    # one per language (the Spanish one is conditioned on the language slot too)
    languages = sorted(c["value"] for v in variations for c in v["condition"] if c["name"] == "language")
    assert languages == ["en", "es"], "utter_non_emergency lacks a variation for a failed lookup"
    for variation in variations:
        assert "(502) 267-0503" in variation["text"] and "911" in variation["text"]


def test_safety_responses_say_911():
    for name in [
        "utter_emergency",
        "utter_crisis",
        "utter_sexual_assault",
        "utter_abuse",
        "utter_cannot_send_help",
        "utter_non_english",
    ]:
        for text in _texts(name):
            assert _SAYS_911.search(text), name


def test_safety_responses_give_the_page_numbers(directory):
    def display(entry_id):
        return [n.display for n in directory.get(entry_id).numbers]

    assert "988" in " ".join(_texts("utter_crisis"))
    assert display("rape-crisis")[0] in " ".join(_texts("utter_sexual_assault"))
    abuse = " ".join(_texts("utter_abuse"))
    for entry_id in ["abuse-hotline", "protective-services", "crimes-against-children"]:
        assert display(entry_id)[0] in abuse


def test_every_intent_has_a_rule():
    ruled = {step["intent"] for _, step in _rule_steps() if "intent" in step}
    missing = [intent for intent in INTENTS if intent not in ruled]
    assert not missing, f"intents with no rule in data/rules.yml: {missing}"


def test_every_rule_intent_is_declared():
    declared = set(INTENTS) | {"nlu_fallback"}
    for rule, step in _rule_steps():
        if "intent" in step:
            assert step["intent"] in declared, f"rule {rule!r}: {step['intent']}"


def test_every_response_used_in_rules_exists():
    for rule, step in _rule_steps():
        action = step.get("action")
        if action is None:
            continue
        if action.startswith("utter_"):
            assert action in RESPONSES, f"rule {rule!r} uses missing response {action}"
        else:
            assert action in ACTIONS, f"rule {rule!r} uses undeclared action {action}"


def test_every_response_used_in_stories_exists():
    if not STORIES_PATH.exists():
        pytest.skip("no data/stories.yml")
    stories = yaml.safe_load(STORIES_PATH.read_text(encoding="utf-8")) or {}
    for story in stories.get("stories") or []:
        for step in story.get("steps") or []:
            action = step.get("action")
            if action and action.startswith("utter_"):
                assert action in RESPONSES, f"story {story.get('story')!r}: {action}"
            elif action:
                assert action in ACTIONS, f"story {story.get('story')!r}: {action}"
            if "intent" in step:
                assert step["intent"] in INTENTS


def test_custom_actions_are_declared():
    assert {"action_lookup_phone_number", "action_list_category"} <= set(ACTIONS)


def test_concern_intents_are_domain_intents():
    from assistant.safety import concern_intents

    assert set(concern_intents()) <= set(INTENTS)
