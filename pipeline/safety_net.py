"""Rasa component: the safety net over every message. Safety-critical.

Runs last in the NLU pipeline (docs/safety.md; tests: tests/unit/test_pipeline_components.py,
tests/test_safety_eval.py). It asks assistant.safety what the message is about and
assistant.safety_plan what to say first, then:
- a certain concern becomes the intent with confidence 1.0, whatever the classifier
  (or the FallbackClassifier) said, so its fixed reply is the first thing the resident
  reads;
- a possible one leaves the best non-safety intent in place;
- the lines to give before or after the answer go into the message's `safety` field,
  and the message's language, when it tells one, into its `language` field; both are
  read by policies/safety_lines.py (the language for every message, not only these).
A message with no words at all is set to the fallback.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.language import LANGUAGE_KEY, warm_up
from assistant.safety import assess, default_safety_net, is_blank
from assistant.safety_plan import PLAN_KEY, plan_reply

# A message with no words (empty, spaces, control characters, only punctuation) has
# nothing to classify: it gets the fallback reply, not a guess.
BLANK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyNetClassifier(GraphComponent):
    @classmethod
    def get_default_config(cls) -> Dict[str, Any]:
        # the FallbackClassifier's threshold: the best non-safety answer must reach it
        return {"fallback_threshold": 0.3}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._fallback_threshold = float(config["fallback_threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNetClassifier":
        default_safety_net()  # build the spaCy matcher at load time, not on the first message
        warm_up()  # and the language detector
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if is_blank(text):
                self._set_intent(message, BLANK_INTENT, 1.0)
                continue
            ranking = self._ranking(message)
            assessment = assess(text)
            if assessment.language:
                message.set(LANGUAGE_KEY, assessment.language, add_to_output=True)
            plan = plan_reply(assessment, ranking, self._fallback_threshold)
            if plan is None:
                continue
            if plan.intent != (message.get(INTENT) or {}).get("name"):
                self._set_intent(message, plan.intent, plan.confidence)
            message.set(PLAN_KEY, plan.as_dict(), add_to_output=True)
        return messages

    @staticmethod
    def _ranking(message: Message) -> List[Tuple[str, float]]:
        intent = message.get(INTENT) or {}
        ranking = [
            (str(r.get("name")), float(r.get("confidence") or 0.0))
            for r in message.get(INTENT_RANKING_KEY) or []
        ]
        top = (str(intent.get("name")), float(intent.get("confidence") or 0.0))
        if intent.get("name") and (not ranking or ranking[0][0] != top[0]):
            ranking.insert(0, top)
        return ranking

    @staticmethod
    def _set_intent(message: Message, name: str, confidence: float) -> None:
        intent = {"name": name, "confidence": confidence}
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
