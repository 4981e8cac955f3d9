"""actions/actions.py, run as the action server runs them, with no server."""

import json
from pathlib import Path
from typing import List, Optional

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate_text
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import CHOICES_SLOT, DIRECTORY, ActionListCategory, ActionLookupPhoneNumber
from assistant.matching import MATCH_KEY
from assistant.matching import lookup as match_once

NON_EMERGENCY = "(502) 267-0503"
RESPONSES = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))[
    "responses"
]


def _tracker(
    text: str,
    intent: str = "ask_phone_number",
    entities: Optional[List[dict]] = None,
    slots: Optional[dict] = None,
    events: Optional[list] = None,
    stored: Optional[dict] = None,
) -> Tracker:
    """The tracker the action server gets: the NLU component's match in the message."""
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    if not text.startswith("/"):  # as pipeline/directory_entities.py does
        message[MATCH_KEY] = stored if stored is not None else match_once(text).as_dict()
    return Tracker(
        "test-user",
        slots or {},
        latest_message=message,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


def _rendered(message: dict) -> dict:
    """The message as Rasa sends it: its domain.yml response filled with its variables."""
    template = RESPONSES[message["response"]][0]["text"]
    return {**message, "text": interpolate_text(template, message)}


def _agency(value: str) -> dict:
    return {"entity": "agency", "value": value, "start": 0, "end": 0}


def _run(action, text, intent="ask_phone_number", entities=None, **tracker_args):
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, _tracker(text, intent, entities, **tracker_args), {})
    assert events in ([], [SlotSet(CHOICES_SLOT, None)]) or (
        events[0]["name"] == CHOICES_SLOT and events[0]["value"]
    ), events
    assert len(dispatcher.messages) == 1, dispatcher.messages
    return _rendered(dispatcher.messages[0])


def lookup(text, entities=None):
    return _run(ActionLookupPhoneNumber(), text, "ask_phone_number", entities)


def list_category(text, entities=None):
    return _run(ActionListCategory(), text, "list_category", entities)


def _payload(button, intent):
    payload = button["payload"]
    assert payload.startswith(f"/{intent}{{"), payload
    return json.loads(payload[len(intent) + 1 :])


def test_action_names():
    assert ActionLookupPhoneNumber().name() == "action_lookup_phone_number"
    assert ActionListCategory().name() == "action_list_category"


def test_actions_use_the_real_directory(directory):
    assert DIRECTORY == directory


def test_entity_from_a_button_payload():
    message = lookup('/ask_phone_number{"agency": "poison-control"}', [_agency("poison-control")])
    assert message["text"] == "Poison Control Center: (502) 589-8222"
    assert message["buttons"] == []


def test_the_action_answers_the_nlu_match_and_does_not_match_again():
    """The directory is matched once, by the NLU component: the action reads its result."""
    message = _run(
        ActionLookupPhoneNumber(), "what's the FBI's number", stored=match_once("the DEA").as_dict()
    )
    assert "(502) 582-5908" in message["text"]
    assert "(502) 583-3941" not in message["text"]


def test_several_button_entities_in_order():
    message = lookup('/ask_phone_number{"agency": "fbi"}', [_agency("fbi"), _agency("dea")])
    assert message["text"].index("(502) 583-3941") < message["text"].index("(502) 582-5908")


def _after_choices(text, offered):
    events = [
        {"event": "user", "text": "metro"},
        {"event": "action", "name": "action_lookup_phone_number"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text},
    ]
    return _run(ActionLookupPhoneNumber(), text, "pick_choice", slots={CHOICES_SLOT: offered}, events=events)


@pytest.mark.parametrize(
    "text, picked",
    [
        ("the first one", "lmpd"),
        ("yes", "lmpd"),
        ("that one", "lmpd"),
        ("the second one", "metro-call"),
        ("3rd", "metro-corrections"),
        ("the last one", "msd"),
        ("narcotics", "metro-narcotics"),
        ("the sewer one", "msd"),
    ],
)
def test_a_pick_after_choices_gives_that_entry(directory, text, picked):
    offered = ["lmpd", "metro-call", "metro-corrections", "metro-narcotics", "msd"]
    message = _after_choices(text, offered)
    entry = directory.get(picked)
    assert message["text"].startswith(entry.name + ":"), message["text"]
    assert message["buttons"] == []


def test_a_pick_long_after_the_choices_is_not_read_as_one():
    events = [
        {"event": "action", "name": "action_lookup_phone_number"},
        {"event": "user", "text": "how do i text you"},
        {"event": "action", "name": "utter_how_to_text"},
        {"event": "user", "text": "yes"},
    ]
    message = _run(
        ActionLookupPhoneNumber(), "yes", "pick_choice", slots={CHOICES_SLOT: ["lmpd", "msd"]}, events=events
    )
    assert "Which agency" in message["text"]


def test_choices_are_kept_in_the_slot():
    dispatcher = CollectingDispatcher()
    events = ActionLookupPhoneNumber().run(dispatcher, _tracker("metro"), {})
    offered = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert events == [SlotSet(CHOICES_SLOT, [p.split('"')[3] for p in offered])]


def test_several_entries_in_order():
    message = lookup("fbi and dea")
    assert message["text"].index("(502) 583-3941") < message["text"].index("(502) 582-5908")
    assert message["text"].count("(502) 583-3941") == 1


def test_unknown_entity_value_falls_back_to_the_text():
    message = lookup("what's the number for poison control", [_agency("no-such-entry")])
    assert message["text"] == "Poison Control Center: (502) 589-8222"


def test_other_entities_are_ignored():
    message = lookup("poison control", [{"entity": "category", "value": "crisis"}])
    assert message["text"] == "Poison Control Center: (502) 589-8222"


@pytest.mark.parametrize(
    "text, entry_id",
    [
        ("what's the number for poison control", "poison-control"),
        ("poision control", "poison-control"),
        ("what's the FBI's number", "fbi"),
        ("ksp", "state-police"),
        ("dog catcher", "animal-control"),
        ("LG&E", "lge"),
    ],
)
def test_text_only_match(directory, text, entry_id):
    message = lookup(text)
    entry = directory.get(entry_id)
    assert entry.name in message["text"]
    for number in entry.numbers:
        assert number.display in message["text"]
    assert message["buttons"] == []


@pytest.mark.parametrize(
    "text, number, other",
    [
        ("gas leak number", "(502) 589-3511", "(502) 589-3500"),
        ("my power went out", "(502) 589-3500", "(502) 589-3511"),
        ("police fax", "(502) 267-5936", "(502) 267-0503"),
    ],
)
def test_a_labelled_number_need_gives_that_number(text, number, other):
    message = lookup(text)
    assert number in message["text"] and other not in message["text"]


def test_follow_up_reads_its_own_message():
    first = lookup("what's the FBI's number")
    assert "(502) 583-3941" in first["text"]
    follow_up = lookup("and the DEA?")
    assert follow_up["text"] == ("Drug Enforcement Administration (DEA) - Louisville Office: (502) 582-5908")
    assert "(502) 583-3941" not in follow_up["text"]


@pytest.mark.parametrize("text", ["police", "metro", "what's the number for the police"])
def test_vague_gives_buttons_naming_real_entries(directory, text, numbers_in):
    message = lookup(text)
    assert numbers_in(message["text"]) == []  # no guess
    assert len(message["buttons"]) > 1
    for button in message["buttons"]:
        entry_id = _payload(button, "ask_phone_number")["agency"]
        entry = directory.get(entry_id)
        assert entry is not None, entry_id
        assert button["payload"] == '/ask_phone_number{"agency": "%s"}' % entry_id
        # pressing the button gives that entry's numbers
        pressed = lookup(button["payload"], [_agency(entry_id)])
        assert all(n.display in pressed["text"] for n in entry.numbers)


@pytest.mark.parametrize("text", ["i need a number", "can you give me a phone number pls", "number please"])
def test_bare_request_asks_which_with_category_buttons(directory, text, numbers_in):
    message = lookup(text)
    assert "Which agency" in message["text"]
    assert numbers_in(message["text"]) == []
    keys = [_payload(b, "list_category")["category"] for b in message["buttons"]]
    assert keys == [c.key for c in directory.categories]


@pytest.mark.parametrize("text", ["number for the mayor", "asdkjh qwezx", "what's the number for city hall"])
def test_unknown_says_not_found(directory, text, numbers_in):
    message = lookup(text)
    assert "couldn't find" in message["text"]
    assert NON_EMERGENCY in message["text"]
    assert set(numbers_in(message["text"])) == {NON_EMERGENCY, "911"}
    keys = [_payload(b, "list_category")["category"] for b in message["buttons"]]
    assert keys == [c.key for c in directory.categories]


def test_empty_message():
    message = lookup("")
    assert "Which agency" in message["text"]


def test_no_text_key_at_all():
    dispatcher = CollectingDispatcher()
    tracker = Tracker(
        "u",
        {},
        latest_message={"intent": {"name": "ask_phone_number"}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )
    assert ActionLookupPhoneNumber().run(dispatcher, tracker, {}) == [SlotSet(CHOICES_SLOT, None)]
    assert len(dispatcher.messages) == 1


@pytest.mark.parametrize("key", ["federal", "police", "crisis", "courts", "utilities", "community"])
def test_category_listing_lists_exactly_that_category(
    directory, key, one_display_format, numbers_in, category_members
):
    message = list_category(f'/list_category{{"category": "{key}"}}', [{"entity": "category", "value": key}])
    lines = message["text"].splitlines()
    assert lines[0] == directory.category(key).title + ":"
    expected = [directory.get(entry_id) for entry_id in category_members[key]]
    assert [line[2:].split(": ")[0] for line in lines[1:]] == [e.name for e in expected]
    listed = {n.display for e in expected for n in e.numbers}
    assert set(numbers_in(message["text"])) == listed
    one_display_format(message["text"])


def test_category_listing_federal_has_the_federal_agencies():
    text = list_category("federal agencies", [{"entity": "category", "value": "federal"}])["text"]
    for number in [
        "(502) 583-3941",
        "(502) 582-5908",
        "(502) 753-3400",
        "(502) 582-5141",
        "(502) 582-5171",
        "(502) 583-6680",
    ]:
        assert number in text


def test_category_listing_without_a_category(directory):
    message = list_category("what numbers do you have")
    for category in directory.categories:
        assert category.title.lower() in message["text"]
    keys = [_payload(b, "list_category")["category"] for b in message["buttons"]]
    assert keys == [c.key for c in directory.categories]


def test_category_listing_unknown_category(directory):
    message = list_category("x", [{"entity": "category", "value": "no-such-category"}])
    assert len(message["buttons"]) == len(directory.categories)


def _all_messages(directory):
    texts = [
        "police",
        "metro",
        "i need a number",
        "number for the mayor",
        "fbi and dea",
        "lge",
        "jtpd",
        "and the DEA?",
    ]
    for text in texts:
        yield lookup(text)
    for entry in directory.entries:
        yield lookup(entry.name)
    yield list_category("what numbers do you have")
    for category in directory.categories:
        yield list_category("", [{"entity": "category", "value": category.key}])


def test_button_titles_fit(directory):
    for message in _all_messages(directory):
        for button in message["buttons"]:
            assert 0 < len(button["title"]) <= 20, button


def test_numbers_always_in_the_one_display_format(directory, one_display_format, numbers_in):
    known = {n.display for n in directory.all_numbers()} | {"911"}
    for message in _all_messages(directory):
        one_display_format(message["text"])
        assert set(numbers_in(message["text"])) <= known


def test_in_a_spanish_conversation_the_reply_fills_the_spanish_variation():
    """The action names the response and gives both languages' variables; Rasa picks
    the Spanish variation from the slot (tests/unit/test_spanish_responses.py); the
    category buttons the action adds are titled in Spanish."""
    from assistant.domain_text import variations_for

    dispatcher = CollectingDispatcher()
    ActionListCategory().run(
        dispatcher, _tracker("/list_category", "list_category", slots={"language": "es"}), {}
    )
    message = dispatcher.messages[0]
    (spanish,) = variations_for(message["response"], {"language": "es"})
    text = interpolate_text(spanish["text"], message)
    assert text.startswith("Tengo números de teléfono de: departamentos de policía;"), text
    assert message["buttons"][0]["title"] == "Policía"
    english = list_category("/list_category")
    assert english["buttons"][0]["title"] != "Policía"
    assert [b["payload"] for b in english["buttons"]] == [b["payload"] for b in message["buttons"]]
