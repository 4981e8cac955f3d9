"""Whether a message's directory match turns it into a lookup: plain rules, no Rasa.

pipeline/directory_entities.py applies them to the classifier's guess (tests:
tests/unit/test_lookup_routing.py). A resident who names an entry or describes a need
wants its number, whatever else the classifier read into the words, so the lookup is
given unless the message is already answered by an intent that gives it too:
- a FAQ answer, small talk, the fallback or a low-confidence guess: the lookup instead
  (only for an entry named or described, never for a generic "non-emergency line",
  which the FAQ answers, nor for a vague word unless the classifier could not place it);
- a category list when no category is named ("crises line", "drug enforcement"): the
  entry the words name;
- a safety concern guessed by the classifier: left to the safety net (it runs last);
  the lookup goes second in the ranking, so it is the answer if the net drops the
  guess, and rules give the safety reply and then the entry when it is kept;
- a lookup, a pick after choices, a situation or "when to call 911": their own rules
  already give the entry after the guidance.
"""

from __future__ import annotations

from typing import Optional

from assistant.matching import LookupResult

LOOKUP_INTENT = "ask_phone_number"
CATEGORY_INTENT = "list_category"
SAFETY_INTENTS = frozenset({"report_emergency", "crisis_support", "sexual_assault", "abuse_report"})
# Their rules give the entry after their own answer (data/rules.yml, `need` entity).
ANSWERING_INTENTS = frozenset({LOOKUP_INTENT, "pick_choice", "situation_non_emergency", "when_to_call_911"})
# The classifier could not place the message, or placed it as small talk.
UNPLACED_INTENTS = frozenset({"nlu_fallback", "out_of_scope", "greet", "thank", "goodbye"})

OVERRIDE = "override"  # the intent becomes the lookup
SECOND = "second"  # the lookup goes right after the (safety) guess in the ranking


def route(intent: str, confidence: float, result: LookupResult, unsure_below: float) -> Optional[str]:
    """OVERRIDE, SECOND or None for a message the classifier read as `intent`."""
    telling = [a for a in result.answers if a.how in ("name", "need")]
    specific = [a for a in telling if not a.generic]
    if not result.answers and not result.choices:
        return None
    if intent in SAFETY_INTENTS:
        return SECOND if telling else None
    if intent in ANSWERING_INTENTS:
        return None
    if intent == CATEGORY_INTENT:
        return OVERRIDE if result.category is None and result.answers else None
    if intent in UNPLACED_INTENTS or confidence < unsure_below:
        return OVERRIDE if telling else None
    return OVERRIDE if specific else None
