"""Dialogue policy: Rasa's RulePolicy, with the safety lines placed around the answer.

Safety-critical (docs/safety.md, "Two tiers of reply"; tests: tests/test_safety_reply_order.py,
tests/conversations/, tests/test_safety_eval.py).

The safety net (pipeline/safety_net.py) writes into each message which one-line safety
replies go before the answer (a possible danger: "If anyone is in danger right now,
call 911.") and which go after it (a second concern next to a certain one), and the
language of every message that tells one. The rules in data/rules.yml answer each
question without knowing about those lines, so this policy:
1. sets the `language` slot when the message's language differs from it, so every
   response's Spanish variation is chosen; a message that tells no language ("ok",
   "911") leaves the slot, so the conversation stays in its language;
2. predicts each line due before the answer;
3. asks the rules what to say, on a view of the conversation without this turn's
   lines, so every rule, those added later included, still applies unchanged;
4. when the rules have finished the answer (they predict action_listen), predicts
   each line due after it, then lets the turn end.
A message without safety lines is left to the rules as they are.

config.yml:
    - name: policies.safety_lines.SafetyLinesRulePolicy   # in place of RulePolicy
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text

from rasa.core.policies.policy import PolicyPrediction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from assistant.language import LANGUAGE_KEY
from assistant.safety_plan import PLAN_KEY, line_action

LANGUAGE_SLOT = "language"


def _plan(tracker: DialogueStateTracker) -> Optional[Dict[str, Any]]:
    message = tracker.latest_message
    if message is None:
        return None
    plan = (message.parse_data or {}).get(PLAN_KEY)
    return plan if isinstance(plan, dict) else None


def _turn_start(events: Sequence[Event]) -> int:
    """Index just after the latest user message."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return index + 1
    return len(events)


def _is_line(event: Event, lines: Sequence[str]) -> bool:
    if isinstance(event, ActionExecuted):
        return event.action_name in lines
    if isinstance(event, BotUttered):
        return (event.metadata or {}).get("utter_action") in lines
    return False


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyLinesRulePolicy(RulePolicy):
    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        plan = _plan(tracker)
        slot_events = self._language_events(tracker)
        if plan is None:
            prediction = super().predict_action_probabilities(tracker, domain, rule_only_data, **kwargs)
            prediction.events = list(prediction.events or []) + slot_events
            return prediction
        first = [line_action(name) for name in plan.get("first") or []]
        after = [line_action(name) for name in plan.get("after") or []]
        events = list(tracker.events)
        start = _turn_start(events)
        given = {e.action_name for e in events[start:] if isinstance(e, ActionExecuted)}

        pending = [a for a in first if a not in given]
        if pending:
            return self._predict_line(domain, pending[0], slot_events)

        view = self._without_lines(tracker, events, start, first + after)
        prediction = super().predict_action_probabilities(view, domain, rule_only_data, **kwargs)
        pending = [a for a in after if a not in given]
        if pending and self._predicts_action(prediction, domain, ACTION_LISTEN_NAME):
            return self._predict_line(domain, pending[0], slot_events)
        prediction.events = list(prediction.events or []) + slot_events
        return prediction

    @staticmethod
    def _language_events(tracker: DialogueStateTracker) -> List[Event]:
        message = tracker.latest_message
        language = (message.parse_data or {}).get(LANGUAGE_KEY) if message else None
        if language and LANGUAGE_SLOT in tracker.slots and tracker.get_slot(LANGUAGE_SLOT) != language:
            return [SlotSet(LANGUAGE_SLOT, language)]
        return []

    def _predict_line(self, domain: Domain, action: str, events: List[Event]) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, events=events)

    @staticmethod
    def _predicts_action(prediction: PolicyPrediction, domain: Domain, action: str) -> bool:
        if not prediction.probabilities or max(prediction.probabilities) <= 0:
            return False
        best = prediction.probabilities.index(max(prediction.probabilities))
        return domain.action_names_or_texts[best] == action

    @staticmethod
    def _without_lines(
        tracker: DialogueStateTracker, events: Sequence[Event], start: int, lines: Sequence[str]
    ) -> DialogueStateTracker:
        """The conversation as the rules would see it had no line been given."""
        view = tracker.init_copy()
        for event in list(events[:start]) + [e for e in events[start:] if not _is_line(e, lines)]:
            view.update(event)
        return view
