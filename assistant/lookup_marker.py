"""The machine-readable outcome of a phone-number lookup, kept with the reply.

The lookup action passes it to `utter_message` as an extra key; Rasa stores it in
the BotUttered event's `metadata` (the channels send only text and buttons), so the
staff report can count lookups per directory entry and the ones that found nothing
without reading the reply's words.
"""

from __future__ import annotations

from typing import Any, Dict

from assistant.matching import LookupResult

LOOKUP_MARKER_KEY = "jtpd_lookup"
FOUND = "found"  # numbers given for `entries`
CHOICES = "choices"  # vague: `entries` offered as buttons
NOT_FOUND = "not_found"  # nothing in the directory matched
ASK_WHICH = "ask_which"  # "I need a number" with no name in it


def lookup_marker(result: LookupResult, asked_which: bool) -> Dict[str, Any]:
    if asked_which:
        return {"outcome": ASK_WHICH, "entries": []}
    if result.matches:
        return {"outcome": FOUND, "entries": [e.id for e in result.matches]}
    if result.choices:
        return {"outcome": CHOICES, "entries": [e.id for e in result.choices]}
    return {"outcome": NOT_FOUND, "entries": []}
