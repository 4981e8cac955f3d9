"""Conversations written into a real Rasa SQL tracker store, with the events the
Rasa server records (session start, user message with its NLU parse, actions, bot
messages with their metadata, slots): for the report's tests and its benchmark."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional, Sequence

from assistant.lookup_marker import LOOKUP_MARKER_KEY
from channels.feedback import RATING_SLOT


@dataclass
class Say:
    """One resident message and the assistant's answer to it."""

    text: str
    intent: str
    confidence: float = 0.9
    action: Optional[str] = None  # default: utter_<intent>
    answer: str = "An answer."
    lookup: Optional[Dict[str, Any]] = None  # the lookup action's marker
    ranking: Sequence[tuple] = ()  # (intent, confidence) after the top one
    rating: Optional[str] = None  # "yes" / "no" after the answer
    at: float = 0.0  # seconds after the conversation's start


@dataclass
class Seeded:
    sender: str
    start: float  # Unix time
    turns: List[Say] = field(default_factory=list)
    channel: str = "rest"
    new_session: bool = True


def events_of(conversation: Seeded) -> List[Any]:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

    t0 = conversation.start
    events: List[Any] = []
    if conversation.new_session:
        events += [
            ActionExecuted("action_session_start", timestamp=t0 - 0.002),
            SessionStarted(timestamp=t0 - 0.001),
        ]
    events.append(ActionExecuted("action_listen", timestamp=t0 - 0.0005))
    for turn in conversation.turns:
        t = t0 + turn.at
        ranking = [{"name": turn.intent, "confidence": turn.confidence}] + [
            {"name": name, "confidence": c} for name, c in turn.ranking
        ]
        parse = {"text": turn.text, "intent": ranking[0], "entities": [], "intent_ranking": ranking}
        events.append(
            UserUttered(
                turn.text,
                ranking[0],
                [],
                parse,
                timestamp=t,
                input_channel=conversation.channel,
                message_id=f"m{t}",
            )
        )
        action = turn.action or f"utter_{turn.intent}"
        events.append(ActionExecuted(action, timestamp=t + 0.01))
        metadata: Dict[str, Any] = {}
        if action.startswith("utter_"):
            metadata["utter_action"] = action
        if turn.lookup is not None:
            metadata[LOOKUP_MARKER_KEY] = turn.lookup
        events.append(BotUttered(turn.answer, {"buttons": None}, metadata, timestamp=t + 0.02))
        events.append(ActionExecuted("action_listen", timestamp=t + 0.03))
        if turn.rating:
            events.append(SlotSet(RATING_SLOT, turn.rating, timestamp=t + 5))
    return events


def save_with_rasa(store: Any, conversations: Iterable[Seeded]) -> None:
    """Saved one by one by Rasa's own SQLTrackerStore.save, as the server does."""
    from rasa.shared.core.trackers import DialogueStateTracker

    slots = store.domain.slots if store.domain else None

    async def save_all() -> None:
        for conversation in conversations:
            old = await store.retrieve(conversation.sender)  # the last session, as the server
            events = (list(old.events) if old else []) + events_of(conversation)
            await store.save(DialogueStateTracker.from_events(conversation.sender, events, slots=slots))

    asyncio.run(save_all())


def bulk_insert(store: Any, conversations: Iterable[Seeded]) -> int:
    """The same rows as SQLTrackerStore.save writes, in one transaction (benchmark)."""
    count = 0
    with store.session_scope() as session:
        for conversation in conversations:
            for event in events_of(conversation):
                data = event.as_dict()
                session.add(
                    store.SQLEvent(
                        sender_id=conversation.sender,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
                count += 1
        session.commit()
    return count
