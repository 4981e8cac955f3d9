"""assistant.lookup_routing: when a directory match makes a message a lookup."""

import pytest

from assistant.lookup_routing import OVERRIDE, SECOND, route
from assistant.matching import lookup

UNSURE = 0.5


@pytest.mark.parametrize(
    "text, intent, confidence, expected",
    [
        # a FAQ guess, confident, for a message naming or describing an entry: the lookup
        ("who do I call about a stray dog", "ask_non_emergency", 0.9, OVERRIDE),
        ("secret service number", "caller_location", 0.8, OVERRIDE),
        # ... but not for the department's own line, which the FAQ answers
        ("how do I text the jtpd dispatcher", "how_to_text", 0.9, None),
        ("what's the non emergency number", "ask_non_emergency", 0.9, None),
        # the fallback or small talk: a name, a need, even the generic line
        ("thanks, and the sheriff?", "thank", 0.99, OVERRIDE),
        ("non emergency line", "nlu_fallback", 0.3, OVERRIDE),
        # ... a vague word only gives choices when the classifier asked for a number
        ("metro", "nlu_fallback", 0.3, None),
        # a category list that names no category: the entry
        ("drug enforcement", "list_category", 0.9, OVERRIDE),
        ("crises line", "list_category", 0.9, OVERRIDE),
        ("list the federal agencies", "list_category", 0.9, None),
        # a safety guess: kept first for the safety net, the lookup second
        ("fire hydrant is leaking", "report_emergency", 0.93, SECOND),
        ("i need to register to vote", "crisis_support", 0.66, SECOND),
        ("I want to hurt myself", "crisis_support", 0.9, None),
        # intents whose rules give the entry after their own answer
        ("poison control", "ask_phone_number", 0.9, None),
        ("the neighbor's dog has barked for hours", "situation_non_emergency", 0.9, None),
        ("no match here at all", "ask_non_emergency", 0.2, None),
    ],
)
def test_route(text, intent, confidence, expected):
    assert route(intent, confidence, lookup(text), UNSURE) == expected


def test_a_low_confidence_guess_is_overridden_by_a_generic_name_too():
    assert route("how_to_text", 0.4, lookup("jtpd"), UNSURE) == OVERRIDE
    assert route("how_to_text", 0.6, lookup("jtpd"), UNSURE) is None
