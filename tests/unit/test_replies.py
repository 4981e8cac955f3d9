"""assistant.replies: the text and buttons of every directory reply."""

import json
from pathlib import Path

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate_text

from assistant.matching import Answer, LookupResult, lookup, match_entries
from assistant.replies import (
    BUTTON_TITLE_LIMIT,
    MAX_CHOICES,
    NON_EMERGENCY_ENTRY,
    Reply,
    ask_which_reply,
    category_buttons,
    category_reply,
    entries_by_id,
    entry_text,
    lookup_reply,
    non_emergency_line,
)

NON_EMERGENCY = "(502) 267-0503"
RESPONSES = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))[
    "responses"
]


def _text(reply: Reply) -> str:
    """The reply as a resident reads it: its domain.yml response, filled as Rasa fills it."""
    template = RESPONSES[reply.response][0]["text"]
    return interpolate_text(template, reply.variables)


def _found(*entries):
    return LookupResult(answers=tuple(Answer(e, e.numbers) for e in entries))


def _payload(button, intent):
    payload = button["payload"]
    assert payload.startswith(f"/{intent}{{"), payload
    return json.loads(payload[len(intent) + 1 :])


def _all_replies(directory):
    yield lookup_reply(match_entries("police", directory), directory)
    yield lookup_reply(match_entries("metro", directory), directory)
    yield lookup_reply(LookupResult(choices=directory.entries), directory)
    yield lookup_reply(LookupResult(), directory)
    yield lookup_reply(_found(*directory.entries), directory)
    yield ask_which_reply(directory)
    yield category_reply(None, directory)
    yield category_reply("nope", directory)
    for category in directory.categories:
        yield category_reply(category.key, directory)
    for entry in directory.entries:
        yield lookup_reply(_found(entry), directory)


def test_non_emergency_line(directory):
    assert NON_EMERGENCY_ENTRY == "jeffersontown-police"
    assert non_emergency_line(directory) == NON_EMERGENCY


def test_entry_text_single_phone(directory):
    assert entry_text(directory.get("poison-control")) == ("Poison Control Center: (502) 589-8222")
    assert entry_text(directory.get("state-police")) == ("Kentucky State Police: 1 (800) 222-5555")
    assert entry_text(directory.get("crisis-line")) == "Crisis Line: 988"


def test_entry_text_labelled_numbers(directory):
    text = entry_text(directory.get("lge"))
    assert text.splitlines() == [
        "LG&E:",
        "- Electric trouble: (502) 589-3500",
        "- Gas trouble: (502) 589-3511",
    ]
    jtpd = entry_text(directory.get("jeffersontown-police"))
    assert "(502) 267-0503" in jtpd and "Fax: (502) 267-5936" in jtpd


def test_every_entry_text_has_its_name_and_all_its_numbers(directory, one_display_format):
    for entry in directory.entries:
        text = entry_text(entry)
        assert entry.name in text
        for number in entry.numbers:
            assert number.display in text
        one_display_format(text)


def test_lookup_reply_for_matches(directory):
    reply = lookup_reply(match_entries("fbi and dea", directory), directory)
    assert reply.buttons == []
    fbi, dea = _text(reply).split("\n\n")
    assert fbi == "FBI - Louisville Office: (502) 583-3941"
    assert dea == "Drug Enforcement Administration (DEA) - Louisville Office: (502) 582-5908"


def test_lookup_reply_for_choices(directory):
    result = match_entries("police", directory)
    reply = lookup_reply(result, directory)
    assert "Which one" in _text(reply)
    ids = [_payload(b, "ask_phone_number")["agency"] for b in reply.buttons]
    assert ids == [e.id for e in result.choices][:MAX_CHOICES]
    for entry_id in ids:
        assert directory.get(entry_id) is not None
    # a choice names agencies, but gives no number yet: no guessing
    assert "(" not in _text(reply)


def test_lookup_reply_caps_the_choices(directory):
    reply = lookup_reply(LookupResult(choices=directory.entries), directory)
    assert len(reply.buttons) == MAX_CHOICES <= 13
    assert f"({len(directory.entries) - MAX_CHOICES} more" in _text(reply)


def test_lookup_reply_for_nothing(directory, numbers_in):
    reply = lookup_reply(lookup("number for the mayor", directory), directory)
    assert "couldn't find" in _text(reply)
    assert "won't guess" in _text(reply)
    assert sorted(set(numbers_in(_text(reply)))) == [NON_EMERGENCY, "911"]
    keys = [_payload(b, "list_category")["category"] for b in reply.buttons]
    assert keys == [c.key for c in directory.categories]


def test_ask_which_reply(directory, numbers_in):
    assert lookup_reply(lookup("i need a phone number", directory), directory) == (ask_which_reply(directory))
    reply = ask_which_reply(directory)
    assert "Which agency" in _text(reply)
    assert numbers_in(_text(reply)) == []
    assert reply.buttons == category_buttons(directory)


def test_category_buttons(directory):
    buttons = category_buttons(directory)
    assert [_payload(b, "list_category")["category"] for b in buttons] == [
        c.key for c in directory.categories
    ]
    for button in buttons:
        assert button["title"][0].isupper()


@pytest.mark.parametrize("key", ["federal", "police", "crisis", "courts", "utilities", "community"])
def test_category_reply_lists_exactly_that_category(
    directory, key, one_display_format, numbers_in, category_members
):
    reply = category_reply(key, directory)
    members = [directory.get(entry_id) for entry_id in category_members[key]]
    lines = _text(reply).splitlines()
    assert lines[0] == f"{directory.category(key).title}:"
    listed = [line[2:].split(": ")[0] for line in lines[1:]]
    assert listed == [e.name for e in members]
    for entry, line in zip(members, lines[1:]):
        for number in entry.numbers:
            assert number.display in line
    expected = {n.display for e in members for n in e.numbers}
    assert set(numbers_in(_text(reply))) == expected
    one_display_format(_text(reply))


def test_category_reply_without_a_category(directory):
    for key in (None, "", "nope"):
        reply = category_reply(key, directory)
        for category in directory.categories:
            assert category.title.lower() in _text(reply)
        assert reply.buttons == category_buttons(directory)


@pytest.mark.parametrize(
    "entry_id, title",
    [
        ("fbi", "FBI"),  # set in the directory: the name is too long for a button
        ("postal-inspector", "Postal Inspector"),
        ("dea", "DEA"),
        ("poison-control", "Poison Control"),
        ("animal-control", "Animal Control"),  # the name fits as it is
        ("lge", "LG&E"),
    ],
)
def test_short_name(directory, entry_id, title):
    assert directory.get(entry_id).short_name == title


def test_every_short_name_fits_and_is_recognisable(directory):
    """A resident who types a button's title back gets that same entry."""
    for entry in directory.entries:
        title = entry.short_name
        assert 0 < len(title) <= BUTTON_TITLE_LIMIT == 20, (entry.id, title)
        assert [e.id for e in match_entries(title, directory).matches] == [entry.id], title


def test_short_names_tell_entries_apart(directory):
    titles = [e.short_name for e in directory.entries]
    assert len(set(titles)) == len(titles)


def test_every_button_title_fits(directory):
    for reply in _all_replies(directory):
        for button in reply.buttons:
            assert 0 < len(button["title"]) <= 20, button


def test_every_reply_uses_the_one_display_format(directory, one_display_format):
    for reply in _all_replies(directory):
        one_display_format(_text(reply))
        for button in reply.buttons:
            one_display_format(button["title"])


def test_every_reply_number_is_in_the_directory_or_911(directory, numbers_in):
    known = {n.display for n in directory.all_numbers()} | {"911"}
    for reply in _all_replies(directory):
        assert set(numbers_in(_text(reply))) <= known, _text(reply)


def test_entries_by_id(directory):
    found = entries_by_id(["dea", "nope", "fbi", "dea"], directory)
    assert [e.id for e in found] == ["dea", "fbi"]
    assert entries_by_id([], directory) == []


def test_one_candidate_is_answered_with_its_full_name(directory):
    """A word only one entry has: its full name and number at once, no button."""
    reply = lookup_reply(lookup("seven countys", directory), directory)
    assert reply.buttons == []
    assert _text(reply) == "Seven Counties Services: 1 (800) 221-0446"


def test_two_or_three_candidates_each_with_its_number(directory):
    result = lookup("county jefferson", directory)
    assert 2 <= len(result.answers) <= 3
    text = _text(lookup_reply(result, directory))
    for answer in result.answers:
        assert f"{answer.entry.name}: {answer.numbers[0].display}" in text


def test_a_labelled_number_asked_for_is_the_only_one_given(directory):
    gas = _text(lookup_reply(lookup("LG&E gas", directory), directory))
    assert "(502) 589-3511" in gas and "(502) 589-3500" not in gas
    fax = _text(lookup_reply(lookup("police fax", directory), directory))
    assert "(502) 267-5936" in fax and NON_EMERGENCY not in fax


def test_every_lookup_response_is_in_the_domain():
    for name in (
        "utter_lookup_found",
        "utter_lookup_candidates",
        "utter_lookup_choices",
        "utter_lookup_choices_more",
        "utter_lookup_not_found",
        "utter_lookup_ask_which",
        "utter_category_list",
        "utter_category_ask",
    ):
        assert RESPONSES[name][0]["text"], name
