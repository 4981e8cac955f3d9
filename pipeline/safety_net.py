"""Rasa component: the deterministic safety net over every message.

Runs last in the NLU pipeline. When the spaCy rules in assistant.safety find an
emergency, a crisis, sexual assault or abuse, the message's intent becomes that
concern with confidence 1.0, whatever the classifier (or the FallbackClassifier)
said, so the fixed safety reply is the first thing the resident reads. A message
with no words at all is set to the fallback.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.safety import classify_concern, default_safety_net, is_blank

# A message with no words (empty, spaces, control characters, only punctuation) has
# nothing to classify: it gets the fallback reply, not a guess.
BLANK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SafetyNetClassifier(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage,
               resource: Resource, execution_context: ExecutionContext) -> "SafetyNetClassifier":
        default_safety_net()  # build the spaCy matcher at load time, not on the first message
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            concern = classify_concern(text)
            if concern is not None:
                name = concern.value
            elif is_blank(text):
                name = BLANK_INTENT
            else:
                continue
            intent = {"name": name, "confidence": 1.0}
            ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                       if r.get("name") != name]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
        return messages
