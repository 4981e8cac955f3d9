"""Rasa component: the directory matched once per message, for the NLU and the action.

It calls assistant.matching.lookup once and keeps the whole result in the parsed
message (MATCH_KEY), which the lookup action reads: the action never matches again.
From the same result it sets the entities the dialogue uses: `agency` for an entry
named outright, `need` for one found by a need the resident describes ("my power is
out"; rules give the situation's guidance and then the entry), `category` for a
category named. Whether the message becomes a lookup (a FAQ guess, small talk, the
fallback, a category list that names no category) or keeps a safety guess with the
lookup second for the safety net is assistant/lookup_routing.py's decision.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.lookup_routing import LOOKUP_INTENT, OVERRIDE, route
from assistant.matching import MATCH_KEY, default_directory, lookup

_ENTITY_OF = {"name": "agency", "need": "need"}  # how an answer was found -> its entity


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DirectoryEntityExtractor(GraphComponent):
    @classmethod
    def get_default_config(cls) -> Dict[str, Any]:
        return {"override_below_confidence": 0.5}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._threshold = float(config["override_below_confidence"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DirectoryEntityExtractor":
        default_directory()  # a malformed directory stops the server at start-up
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button's payload: its entities are already written in it
            result = lookup(text)
            message.set(MATCH_KEY, result.as_dict(), add_to_output=True)
            found = [
                self._entity(_ENTITY_OF[a.how], a.entry.id, text)
                for a in result.answers
                if a.how in _ENTITY_OF
            ]
            if result.category:
                found.append(self._entity("category", result.category, text))
            if found:
                message.set(ENTITIES, (message.get(ENTITIES) or []) + found, add_to_output=True)
            intent = message.get(INTENT) or {}
            decision = route(
                str(intent.get("name")), float(intent.get("confidence") or 0.0), result, self._threshold
            )
            if decision is not None:
                self._rank_lookup(message, first=decision == OVERRIDE)
        return messages

    @staticmethod
    def _rank_lookup(message: Message, first: bool) -> None:
        """The lookup as the intent (first), or right after the safety guess."""
        ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != LOOKUP_INTENT]
        top = message.get(INTENT) or {}
        if first:
            intent = {"name": LOOKUP_INTENT, "confidence": 1.0}
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent] + ranking, add_to_output=True)
            return
        second = {"name": LOOKUP_INTENT, "confidence": float(top.get("confidence") or 0.0)}
        rest = [r for r in ranking if r.get("name") != top.get("name")]
        message.set(INTENT_RANKING_KEY, [top, second] + rest, add_to_output=True)

    @staticmethod
    def _entity(name: str, value: str, text: str) -> Dict[str, Any]:
        # The matcher names entries, not spans; the entity covers the message.
        return {
            "entity": name,
            "value": value,
            "start": 0,
            "end": len(text),
            "confidence_entity": 1.0,
            "extractor": "DirectoryEntityExtractor",
        }
