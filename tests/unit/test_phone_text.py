"""assistant/phone_text.py: the phone numbers a text gives; the one display format."""

import pytest

from assistant.directory import format_number, tel_uri
from assistant.phone_text import (
    EMERGENCY_NUMBER,
    SHORT_CODES,
    e164,
    find_numbers,
    is_emergency_reply,
    is_full_number,
)

EMERGENCY_REPLY = (
    "If this is an emergency, call 911 now.\n"
    "Tell the dispatcher WHERE you are first. Please do not hang up during the transfer."
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Jeffersontown Police: (502) 267-0503", ["5022670503"]),
        ("Kentucky State Police 1 (800) 222-5555", ["18002225555"]),
        ("call 502-267-0503 or 502.574.2111", ["5022670503", "5025742111"]),
        ("Crisis Line: 988", ["988"]),
        ("Metro Call 311. Metro United Way Information - 211. Road conditions: 511.", ["311", "211", "511"]),
        ("Call 911 now.", ["911"]),
        ("Call 9-1-1 now.", ["911"]),
        ("Louisville Metro Police: (502) 574-2111", ["5025742111"]),  # not "211"
        ("Gas trouble: (502) 589-3511", ["5025893511"]),  # not "511"
        ("VINE 1 (800) 511-1670", ["18005111670"]),  # not "511"
        ("Electric trouble: (502) 589-3500 Gas trouble: (502) 589-3511", ["5025893500", "5025893511"]),
        ("Open 24/7, 365 days; 1911 Main St; $911; #311; 9110", []),
        ("In 2023, 911 calls rose.", ["911"]),
    ],
)
def test_phone_numbers_are_found_as_the_assistant_writes_them(text, expected):
    assert find_numbers(text) == expected


def test_each_number_once_in_order_of_appearance():
    text = "Call 911. Or (502) 267-0503. Again: 911 and (502) 267-0503. Crisis: 988"
    assert find_numbers(text) == ["911", "5022670503", "988"]


def test_a_fax_number_gets_no_call_button():
    text = "Jeffersontown Police: (502) 267-0503\nFax: (502) 267-5936"
    assert find_numbers(text) == ["5022670503"]
    assert find_numbers("Fax (502) 267-5936 or call (502) 267-0503") == ["5022670503"]


def test_emergency_replies_are_recognised_by_911_on_the_first_line():
    assert is_emergency_reply(EMERGENCY_REPLY)
    assert not is_emergency_reply("The non-emergency line is (502) 267-0503.\nIn an emergency call 911.")
    assert not is_emergency_reply("")


def test_every_directory_number_is_found_in_its_display_format(directory):
    """format_number writes what find_numbers reads: every number of the directory, as
    a reply shows it, is found again with its digits (so it becomes a call button)."""
    for number in directory.all_numbers():
        found = find_numbers(f"{number.label}: {format_number(number.digits)}")
        # a fax number is written but not callable
        assert found == ([] if number.label.lower() == "fax" else [number.digits])
        if is_full_number(number.digits):
            assert tel_uri(number.digits) == "tel:" + e164(number.digits)
        else:
            assert number.digits in SHORT_CODES


@pytest.mark.parametrize("digits,expected", [("5022670503", "+15022670503"), ("18002225555", "+18002225555")])
def test_e164_of_full_numbers(digits, expected):
    assert is_full_number(digits) and e164(digits) == expected


@pytest.mark.parametrize("digits", ["911", "988", "28002225555", "502267050"])
def test_short_codes_and_malformed_numbers_have_no_e164(digits):
    assert not is_full_number(digits)
    with pytest.raises(ValueError):
        e164(digits)


@pytest.mark.parametrize(
    "digits,display", [("5025898222", "(502) 589-8222"), ("18002225555", "1 (800) 222-5555"), ("988", "988")]
)
def test_the_one_display_format(digits, display):
    assert format_number(digits) == display


def test_911_is_a_short_code():
    assert EMERGENCY_NUMBER in SHORT_CODES
