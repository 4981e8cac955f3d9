"""Conversations rebuilt from stored events: what each resident said and what the
assistant did about it. A conversation is one Rasa session (a new one starts after
60 minutes without a message), so a resident who comes back next week counts twice."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, List, Optional, Set

from assistant.lookup_marker import LOOKUP_MARKER_KEY
from assistant.safety_replies import safety_reply_kind
from channels.feedback import RATING_SLOT, RATINGS
from reporting.store import StoredEvent

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = frozenset({"utter_default", "action_default_fallback"})
LANGUAGE_SLOT = "language"
# A first guess below this (and above the fallback threshold) is "low confidence".
LOW_CONFIDENCE = 0.5


@dataclass
class Answer:
    text: str
    action: Optional[str]
    lookup: Optional[Dict] = None


@dataclass
class Turn:
    text: str
    timestamp: float
    intent: Optional[str]
    confidence: float
    first_guess: Optional[str]  # the best real intent, even when it fell to the fallback
    channel: Optional[str]
    actions: List[str] = field(default_factory=list)
    answers: List[Answer] = field(default_factory=list)

    @property
    def fell_to_fallback(self) -> bool:
        return self.intent == FALLBACK_INTENT or any(a in FALLBACK_ACTIONS for a in self.actions)

    @property
    def low_confidence(self) -> bool:
        return not self.fell_to_fallback and self.confidence < LOW_CONFIDENCE

    @property
    def lookup(self) -> Optional[Dict]:
        return next((a.lookup for a in self.answers if a.lookup), None)


@dataclass
class Rating:
    value: str  # "yes" or "no"
    timestamp: float
    answer: Optional[Answer]
    topic: Optional[str]  # the intent of the message that answer replied to


@dataclass
class Conversation:
    sender_id: str
    turns: List[Turn] = field(default_factory=list)
    safety_replies: List[str] = field(default_factory=list)  # kinds, one per reply
    ratings: List[Rating] = field(default_factory=list)
    language_slot: Optional[str] = None
    flagged: bool = False  # a safety reply or intent: its words are never shown

    @property
    def started(self) -> float:
        return self.turns[0].timestamp

    @property
    def channel(self) -> str:
        return next((t.channel for t in self.turns if t.channel), None) or "unknown"


def _first_guess(parse: Dict) -> Optional[str]:
    for candidate in parse.get("intent_ranking") or []:
        name = (candidate or {}).get("name")
        if name and name != FALLBACK_INTENT:
            return name
    name = (parse.get("intent") or {}).get("name")
    return name if name != FALLBACK_INTENT else None


def _confidence(parse: Dict) -> float:
    """The best real intent's confidence (the fallback's own is 1 - threshold)."""
    for candidate in parse.get("intent_ranking") or []:
        if (candidate or {}).get("name") not in (None, FALLBACK_INTENT):
            return float(candidate.get("confidence") or 0.0)
    return float((parse.get("intent") or {}).get("confidence") or 0.0)


def _turn(event: StoredEvent) -> Turn:
    parse = event.data.get("parse_data") or {}
    intent = event.intent_name or (parse.get("intent") or {}).get("name")
    return Turn(
        text=str(event.data.get("text") or ""),
        timestamp=event.timestamp,
        intent=intent,
        confidence=_confidence(parse),
        first_guess=_first_guess(parse),
        channel=event.data.get("input_channel"),
    )


def _answer(event: StoredEvent) -> Answer:
    metadata = event.data.get("metadata") or {}
    lookup = metadata.get(LOOKUP_MARKER_KEY) if isinstance(metadata, dict) else None
    action = metadata.get("utter_action") if isinstance(metadata, dict) else None
    return Answer(str(event.data.get("text") or ""), action, lookup if isinstance(lookup, dict) else None)


class _Builder:
    def __init__(self, sender: str, flagged: bool) -> None:
        self.sender, self.flagged = sender, flagged
        self.current = Conversation(sender, flagged=flagged)

    def take(self) -> Optional[Conversation]:
        done, self.current = self.current, Conversation(self.sender, flagged=self.flagged)
        return done if done.turns else None

    def add(self, event: StoredEvent) -> None:
        conversation = self.current
        last = conversation.turns[-1] if conversation.turns else None
        if event.type_name == "user":
            conversation.turns.append(_turn(event))
        elif event.type_name == "action":
            kind = safety_reply_kind(event.action_name)
            if kind:
                conversation.safety_replies.append(kind)
                conversation.flagged = True
            if last is not None and event.action_name:
                last.actions.append(event.action_name)
        elif event.type_name == "bot" and last is not None:
            last.answers.append(_answer(event))
        elif event.type_name == "slot":
            self._slot(event, last)

    def _slot(self, event: StoredEvent, last: Optional[Turn]) -> None:
        name, value = event.data.get("name"), event.data.get("value")
        if name == LANGUAGE_SLOT and isinstance(value, str):
            self.current.language_slot = value
        elif name == RATING_SLOT and value in RATINGS:
            answer = last.answers[-1] if last is not None and last.answers else None
            topic = last.intent if last is not None else None
            self.current.ratings.append(Rating(value, event.timestamp, answer, topic))


def conversations(events: Iterable[StoredEvent], flagged: Set[str]) -> Iterator[Conversation]:
    """Conversations with at least one message, from events sorted by sender then id."""
    builder: Optional[_Builder] = None
    for event in events:
        if builder is None or event.sender_id != builder.sender:
            if builder is not None:
                done = builder.take()
                if done:
                    yield done
            builder = _Builder(event.sender_id, event.sender_id in flagged)
        if event.type_name == "session_started":
            done = builder.take()
            if done:
                yield done
            continue
        builder.add(event)
    if builder is not None:
        done = builder.take()
        if done:
            yield done
