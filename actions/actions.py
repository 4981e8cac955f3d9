"""Custom actions: thin Rasa SDK glue around assistant.matching and assistant.replies.

The lookup reads the directory match that the NLU component made for this message
(assistant.matching.MATCH_KEY): the directory is matched once per message.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.lookup_marker import LOOKUP_MARKER_KEY, lookup_marker
from assistant.matching import MATCH_KEY, Answer, LookupResult, default_directory, pick_choice
from assistant.replies import Reply, category_reply, entries_by_id, lookup_reply

# Load and validate the directory when the action server imports this module, so a
# malformed file stops the server at start-up with a message naming the entry.
DIRECTORY = default_directory()
# The entries last offered as choices (domain.yml), so "the second one" can be read.
CHOICES_SLOT = "lookup_choices"
# The conversation's language (policies/safety_lines.py sets it): Rasa picks each
# response's Spanish variation from it; the action only picks its buttons' titles.
LANGUAGE_SLOT = "language"


def _language(tracker: Tracker) -> str:
    return str(tracker.get_slot(LANGUAGE_SLOT) or "en")


def _send(dispatcher: CollectingDispatcher, reply: Reply, **metadata: Any) -> None:
    dispatcher.utter_message(
        response=reply.response, buttons=reply.buttons or None, **reply.variables, **metadata
    )


def _entity_values(tracker: Tracker, entity: str) -> List[str]:
    return [str(v) for v in tracker.get_latest_entity_values(entity)]


def _result(tracker: Tracker) -> LookupResult:
    """This message's match, made once by the NLU component; a button gives entities."""
    stored = LookupResult.from_dict(tracker.latest_message.get(MATCH_KEY), DIRECTORY)
    if stored is not None:
        return stored
    named = entries_by_id(_entity_values(tracker, "agency"), DIRECTORY)
    return LookupResult(answers=tuple(Answer(e, e.numbers) for e in named), bare=not named)


def _answered_last(tracker: Tracker) -> Optional[str]:
    """The last action before the resident's latest message."""
    events = list(tracker.events)
    last_user = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=-1)
    names = [
        e.get("name")
        for e in events[: max(last_user, 0)]
        if e.get("event") == "action" and e.get("name") not in ("action_listen", None)
    ]
    return names[-1] if names else None


def _picked(tracker: Tracker, result: LookupResult) -> Optional[LookupResult]:
    """Right after choices, the one a reply such as "the first one" or "yes" picks."""
    offered = entries_by_id(tracker.get_slot(CHOICES_SLOT) or [], DIRECTORY)
    if not offered or result.answers or _answered_last(tracker) != ActionLookupPhoneNumber.NAME:
        return None
    entry = pick_choice(tracker.latest_message.get("text") or "", offered, DIRECTORY)
    return LookupResult(answers=(Answer(entry, entry.numbers),)) if entry else None


class ActionLookupPhoneNumber(Action):
    NAME = "action_lookup_phone_number"

    def name(self) -> Text:
        return self.NAME

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        result = _result(tracker)
        result = _picked(tracker, result) or result
        reply = lookup_reply(result, DIRECTORY, _language(tracker))
        # Kept in the stored reply for the staff report (assistant/lookup_marker.py).
        _send(dispatcher, reply, **{LOOKUP_MARKER_KEY: lookup_marker(result, result.bare)})
        offered = [e.id for e in result.choices] if result.choices else None
        return [SlotSet(CHOICES_SLOT, offered)]


class ActionListCategory(Action):
    def name(self) -> Text:
        return "action_list_category"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        keys = _entity_values(tracker, "category")
        _send(dispatcher, category_reply(keys[0] if keys else None, DIRECTORY, _language(tracker)))
        return []
