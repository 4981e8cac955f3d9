"""Custom actions: thin Rasa SDK glue around assistant.matching and assistant.replies."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.lookup_marker import LOOKUP_MARKER_KEY, lookup_marker
from assistant.matching import LookupResult, default_directory, is_bare_request, match_entries
from assistant.replies import (Reply, ask_which_reply, category_reply, entries_by_id,
                               lookup_reply)

# Load and validate the directory when the action server imports this module, so a
# malformed file stops the server at start-up with a message naming the entry.
DIRECTORY = default_directory()


def _send(dispatcher: CollectingDispatcher, reply: Reply, **metadata: Any) -> None:
    dispatcher.utter_message(text=reply.text, buttons=reply.buttons or None, **metadata)


def _entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(entity)]


class ActionLookupPhoneNumber(Action):
    def name(self) -> Text:
        return "action_lookup_phone_number"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        named = entries_by_id(_entity_values(tracker, "agency"), DIRECTORY)
        if named:
            result = LookupResult(matches=tuple(named))
        else:
            result = match_entries(tracker.latest_message.get("text") or "", DIRECTORY)
        asked_which = (not result.matches and not result.choices
                       and is_bare_request(tracker.latest_message.get("text") or ""))
        reply = ask_which_reply(DIRECTORY) if asked_which else lookup_reply(result, DIRECTORY)
        # Kept in the stored reply for the staff report (assistant/lookup_marker.py).
        _send(dispatcher, reply, **{LOOKUP_MARKER_KEY: lookup_marker(result, asked_which)})
        return []


class ActionListCategory(Action):
    def name(self) -> Text:
        return "action_list_category"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        keys = _entity_values(tracker, "category")
        _send(dispatcher, category_reply(keys[0] if keys else None, DIRECTORY))
        return []
