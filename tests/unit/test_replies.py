"""assistant.replies: the text and buttons of every directory reply."""
import json

import pytest

from assistant.matching import LookupResult, match_entries
from assistant.replies import (BUTTON_TITLE_LIMIT, MAX_CHOICES, NON_EMERGENCY_ENTRY,
                               ask_which_reply, category_buttons, category_reply,
                               entries_by_id, entry_text, lookup_reply, non_emergency_line)

NON_EMERGENCY = "(502) 267-0503"


def _payload(button, intent):
    payload = button["payload"]
    assert payload.startswith(f"/{intent}{{"), payload
    return json.loads(payload[len(intent) + 1:])


def _all_replies(directory):
    yield lookup_reply(match_entries("police", directory), directory)
    yield lookup_reply(match_entries("metro", directory), directory)
    yield lookup_reply(LookupResult(choices=directory.entries), directory)
    yield lookup_reply(LookupResult(), directory)
    yield lookup_reply(LookupResult(matches=directory.entries), directory)
    yield ask_which_reply(directory)
    yield category_reply(None, directory)
    yield category_reply("nope", directory)
    for category in directory.categories:
        yield category_reply(category.key, directory)
    for entry in directory.entries:
        yield lookup_reply(LookupResult(matches=(entry,)), directory)


def test_non_emergency_line(directory):
    assert NON_EMERGENCY_ENTRY == "jeffersontown-police"
    assert non_emergency_line(directory) == NON_EMERGENCY


def test_entry_text_single_phone(directory):
    assert entry_text(directory.get("poison-control")) == (
        "Poison Control Center: (502) 589-8222")
    assert entry_text(directory.get("state-police")) == (
        "Kentucky State Police: 1 (800) 222-5555")
    assert entry_text(directory.get("crisis-line")) == "Crisis Line: 988"


def test_entry_text_labelled_numbers(directory):
    text = entry_text(directory.get("lge"))
    assert text.splitlines() == ["LG&E:", "- Electric trouble: (502) 589-3500",
                                 "- Gas trouble: (502) 589-3511"]
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
    fbi, dea = reply.text.split("\n\n")
    assert fbi == "FBI - Louisville Office: (502) 583-3941"
    assert dea == "Drug Enforcement Administration (DEA) - Louisville Office: (502) 582-5908"


def test_lookup_reply_for_choices(directory):
    result = match_entries("police", directory)
    reply = lookup_reply(result, directory)
    assert "Which one" in reply.text
    ids = [_payload(b, "ask_phone_number")["agency"] for b in reply.buttons]
    assert ids == [e.id for e in result.choices][:MAX_CHOICES]
    for entry_id in ids:
        assert directory.get(entry_id) is not None
    # a choice names agencies, but gives no number yet: no guessing
    assert "(" not in reply.text


def test_lookup_reply_caps_the_choices(directory):
    reply = lookup_reply(LookupResult(choices=directory.entries), directory)
    assert len(reply.buttons) == MAX_CHOICES <= 13
    assert f"({len(directory.entries) - MAX_CHOICES} more" in reply.text


def test_lookup_reply_for_nothing(directory, numbers_in):
    reply = lookup_reply(LookupResult(), directory)
    assert "couldn't find" in reply.text
    assert "won't guess" in reply.text
    assert sorted(set(numbers_in(reply.text))) == [NON_EMERGENCY, "911"]
    keys = [_payload(b, "list_category")["category"] for b in reply.buttons]
    assert keys == [c.key for c in directory.categories]


def test_ask_which_reply(directory, numbers_in):
    reply = ask_which_reply(directory)
    assert "Which agency" in reply.text
    assert numbers_in(reply.text) == []
    assert reply.buttons == category_buttons(directory)


def test_category_buttons(directory):
    buttons = category_buttons(directory)
    assert [_payload(b, "list_category")["category"] for b in buttons] == [
        c.key for c in directory.categories]
    for button in buttons:
        assert button["title"][0].isupper()


@pytest.mark.parametrize("key", ["federal", "police", "crisis", "courts", "utilities",
                                 "community"])
def test_category_reply_lists_exactly_that_category(directory, key, one_display_format,
                                                    numbers_in, category_members):
    reply = category_reply(key, directory)
    members = [directory.get(entry_id) for entry_id in category_members[key]]
    lines = reply.text.splitlines()
    assert lines[0] == f"{directory.category(key).title}:"
    listed = [line[2:].split(": ")[0] for line in lines[1:]]
    assert listed == [e.name for e in members]
    for entry, line in zip(members, lines[1:]):
        for number in entry.numbers:
            assert number.display in line
    expected = {n.display for e in members for n in e.numbers}
    assert set(numbers_in(reply.text)) == expected
    one_display_format(reply.text)


def test_category_reply_without_a_category(directory):
    for key in (None, "", "nope"):
        reply = category_reply(key, directory)
        for category in directory.categories:
            assert category.title.lower() in reply.text
        assert reply.buttons == category_buttons(directory)


@pytest.mark.parametrize("entry_id, title", [
    ("fbi", "FBI"),  # set in the directory: the name is too long for a button
    ("postal-inspector", "Postal Inspector"),
    ("dea", "DEA"),
    ("poison-control", "Poison Control"),
    ("animal-control", "Animal Control"),  # the name fits as it is
    ("lge", "LG&E"),
])
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
        one_display_format(reply.text)
        for button in reply.buttons:
            one_display_format(button["title"])


def test_every_reply_number_is_in_the_directory_or_911(directory, numbers_in):
    known = {n.display for n in directory.all_numbers()} | {"911"}
    for reply in _all_replies(directory):
        assert set(numbers_in(reply.text)) <= known, reply.text


def test_entries_by_id(directory):
    found = entries_by_id(["dea", "nope", "fbi", "dea"], directory)
    assert [e.id for e in found] == ["dea", "fbi"]
    assert entries_by_id([], directory) == []
