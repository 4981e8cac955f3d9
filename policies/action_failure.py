"""Dialogue policy: answer when a custom action (the phone directory) fails.

The directory lookups run on the action server. When it is down, slow or answers an
error, Rasa 3.6 logs "Bot will continue, but the actions events are lost" and asks
the policies for the next action; the rules then predict `action_listen`, so the
resident gets no reply at all. This policy sees that case, the action recorded with
no reply after it, and predicts `utter_non_emergency` with the slot
`directory_unavailable` set for that one reply, which selects the response's
conditional variation in domain.yml: "Sorry, I can't open the phone directory right
now ... (502) 267-0503 ... 911". It then predicts `action_listen` and clears the
slot. Nothing else changes: emergencies, crisis messages and every other answer are
rules and responses, served by the Rasa server alone. As nothing is remembered,
the next lookup tries the action server again, so lookups work again as soon as it
is back, without a restart.

Only a live message counts: a story (training data, `rasa test`) records no bot
replies, so its custom actions would all look failed; a live message has an id.

It also bounds how long the Rasa server waits for the action server
(ACTION_TIMEOUT_S, $JTPD_ACTION_TIMEOUT_S) when it loads: Rasa 3.6 waits 5 minutes
for every custom action call (rasa_patches/action_wait.py).

config.yml:
    - name: policies.action_failure.ActionFailurePolicy
      priority: 10          # above RulePolicy (4)
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

import settings
from rasa_patches import action_wait
from settings.limits import ACTION_TIMEOUT_S

logger = logging.getLogger(__name__)

RESPONSE = "utter_non_emergency"
SLOT = "directory_unavailable"


def action_timeout_s() -> float:
    try:
        value = settings.JTPD_ACTION_TIMEOUT_S.read()
    except ValueError:
        value = ACTION_TIMEOUT_S
    return value if value > 0 else ACTION_TIMEOUT_S


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class ActionFailurePolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # actions: the custom actions to watch; default every one in the domain
        return {"priority": 10, "actions": None}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Optional[Any] = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        action_wait.apply(action_timeout_s())  # Rasa's 5 minutes: rasa_patches/action_wait.py

    def train(
        self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        with self._model_storage.write_to(self._resource):
            pass  # nothing to learn
        return self._resource

    def watched_actions(self, domain: Domain) -> List[Text]:
        configured = self.config.get("actions")
        if configured:
            return list(configured)
        return [a for a in domain.user_actions if not a.startswith("utter_")]

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        events: List[Event] = []
        if tracker.get_slot(SLOT):
            # the reply for a failed action was just given (or is stale): clear it
            events.append(SlotSet(SLOT, None))
            if tracker.latest_action_name == RESPONSE:
                probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        else:
            failed = self.failed_action(tracker, domain)
            if failed:
                logger.warning("Custom action %s failed; answering without it", failed)
                probabilities[domain.index_for_action(RESPONSE)] = 1.0
                events.append(SlotSet(SLOT, True))
        return self._prediction(probabilities, events=events)

    def failed_action(self, tracker: DialogueStateTracker, domain: Domain) -> Optional[str]:
        """The watched action that just ran without a reply, in a live conversation."""
        if tracker.latest_message is None or not tracker.latest_message.message_id:
            return None  # a story: its bot replies are never recorded
        for event in reversed(tracker.events):
            if isinstance(event, BotUttered):
                return None
            if isinstance(event, ActionExecuted):
                name = event.action_name
                return name if name in self.watched_actions(domain) else None
        return None
