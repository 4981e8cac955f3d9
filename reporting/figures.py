"""Every figure of the staff report, computed from conversations. Plain data, no
HTML: reporting/html.py shows it, the tests check it against seeded conversations.

Privacy: counts include every conversation; texts (messages, lookups that found
nothing, answers rated "no") come only from conversations that never had a safety
reply or safety intent, and are redacted first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Dict, Iterable, List, Optional, Tuple
from zoneinfo import ZoneInfo

from assistant.lookup_marker import FOUND, NOT_FOUND
from assistant.safety_replies import SAFETY_REPLY_KINDS
from reporting.conversations import FALLBACK_INTENT, Conversation, Turn
from reporting.grouping import Group, group_messages
from reporting.language import conversation_language
from reporting.redact import redact

OUT_OF_SCOPE_INTENT = "out_of_scope"
FALLBACK_TOPIC_LABEL = {FALLBACK_INTENT: "not understood (fallback)"}


@dataclass
class Day:
    conversations: int = 0
    messages: int = 0
    fallback: int = 0

    @property
    def fallback_share(self) -> Optional[float]:
        return self.fallback / self.messages if self.messages else None


@dataclass
class RatingCount:
    yes: int = 0
    no: int = 0


@dataclass
class Figures:
    since: datetime  # local time, inclusive
    until: datetime  # local time, exclusive
    conversations: int = 0
    messages: int = 0
    fallback: int = 0
    days: Dict[date, Day] = field(default_factory=dict)
    hours: List[int] = field(default_factory=lambda: [0] * 24)
    channels: Counter = field(default_factory=Counter)  # conversations per channel
    languages: Counter = field(default_factory=Counter)  # conversations per language
    topics: Counter = field(default_factory=Counter)  # messages per intent
    lookups: Counter = field(default_factory=Counter)  # lookups that gave an entry
    lookup_outcomes: Counter = field(default_factory=Counter)
    not_found: Counter = field(default_factory=Counter)  # redacted words asked
    not_found_total: int = 0  # every conversation, safety ones included
    safety_replies: Dict[str, int] = field(
        default_factory=lambda: {kind: 0 for _, kind in SAFETY_REPLY_KINDS}
    )
    safety_conversations: int = 0
    ratings: Dict[str, RatingCount] = field(default_factory=dict)  # per topic
    rated_no: Counter = field(default_factory=Counter)  # (topic, answer text)
    unanswered_total: int = 0  # every conversation, safety ones included
    unanswered: List[Tuple[str, Optional[str], str]] = field(default_factory=list)
    groups: List[Group] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.conversations == 0

    @property
    def fallback_share(self) -> Optional[float]:
        return self.fallback / self.messages if self.messages else None


def unanswered_reason(turn: Turn) -> Optional[str]:
    if turn.fell_to_fallback:
        return "not understood"
    if turn.intent == OUT_OF_SCOPE_INTENT:
        return "out of scope"
    if turn.low_confidence:
        return "low confidence"
    return None


def _local_day(timestamp: float, zone: ZoneInfo) -> date:
    return datetime.fromtimestamp(timestamp, zone).date()


def compute(
    conversations: Iterable[Conversation], since: datetime, until: datetime, zone: ZoneInfo
) -> Figures:
    figures = Figures(since, until)
    day = since.date()
    while datetime.combine(day, datetime.min.time(), zone) < until:
        figures.days[day] = Day()
        day += timedelta(days=1)
    for conversation in conversations:
        _add(figures, conversation, zone)
    figures.groups = group_messages([(text, guess) for text, guess, _ in figures.unanswered])
    return figures


def _add(figures: Figures, conversation: Conversation, zone: ZoneInfo) -> None:
    figures.conversations += 1
    figures.days.setdefault(_local_day(conversation.started, zone), Day()).conversations += 1
    figures.channels[conversation.channel] += 1
    figures.languages[
        conversation_language(conversation.language_slot, (t.text for t in conversation.turns))
    ] += 1
    for kind in conversation.safety_replies:
        figures.safety_replies[kind] = figures.safety_replies.get(kind, 0) + 1
    figures.safety_conversations += conversation.flagged
    show_words = not conversation.flagged
    for turn in conversation.turns:
        _add_turn(figures, turn, zone, show_words)
    for rating in conversation.ratings:
        topic = rating.topic or "unknown"
        count = figures.ratings.setdefault(topic, RatingCount())
        if rating.value == "yes":
            count.yes += 1
        else:
            count.no += 1
            if show_words and rating.answer is not None:
                figures.rated_no[(topic, rating.answer.text)] += 1


def _add_turn(figures: Figures, turn: Turn, zone: ZoneInfo, show_words: bool) -> None:
    local = datetime.fromtimestamp(turn.timestamp, zone)
    day = figures.days.setdefault(local.date(), Day())
    figures.messages += 1
    day.messages += 1
    figures.hours[local.hour] += 1
    figures.topics[turn.intent or "unknown"] += 1
    if turn.fell_to_fallback:
        figures.fallback += 1
        day.fallback += 1
    lookup = turn.lookup
    if lookup:
        outcome = str(lookup.get("outcome"))
        figures.lookup_outcomes[outcome] += 1
        if outcome == FOUND:
            figures.lookups.update(str(e) for e in lookup.get("entries") or [])
        elif outcome == NOT_FOUND:
            figures.not_found_total += 1
            if show_words:
                figures.not_found[redact(turn.text)] += 1
    reason = unanswered_reason(turn)
    if reason:
        figures.unanswered_total += 1
        if show_words:
            figures.unanswered.append((redact(turn.text), turn.first_guess, reason))
