""" "Was this helpful?": a resident's rating of the assistant's last answer, kept in
the conversation without changing it.

The rating is stored as a `SlotSet` of `answer_rating` (domain.yml: type any,
influence_conversation false), appended to the conversation's tracker under the
conversation's lock, as Rasa's own "append events" API does. Why this event: Rasa
stores it like any other (the tracker store, the report, `rasa export`), and a slot
that does not influence the conversation is left out of every state the policies
see; a SlotSet is not an action, so it adds no dialogue turn. The next answer is the
same with or without it (tests/feedback). A user message such as
`/rate_answer{"rating":"yes"}` would have been a dialogue turn of its own, answered
by the assistant, and would shift what the rules see; a custom event type is not
stored by Rasa 3.6.

Only the last answer can be rated, once; never a safety reply (assistant/safety_replies.py),
and never a conversation that does not exist (a rating creates nothing).
"""

from __future__ import annotations

import enum
from typing import Any, Sequence

from assistant.safety_replies import is_safety_reply

RATING_SLOT = "answer_rating"
RATINGS = ("yes", "no")


class Outcome(str, enum.Enum):
    RECORDED = "recorded"
    NO_ANSWER = "no answer to rate"
    NOT_RATEABLE = "safety replies are not rated"
    ALREADY_RATED = "already rated"


def rating_outcome(events: Sequence[Any]) -> Outcome:
    """Whether the answer to the last message in `events` (Rasa events) may be rated."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered

    last_message = max((i for i, e in enumerate(events) if isinstance(e, UserUttered)), default=-1)
    turn = list(events[last_message + 1 :])
    if not any(isinstance(e, BotUttered) for e in turn):
        return Outcome.NO_ANSWER
    if any(isinstance(e, SlotSet) and e.key == RATING_SLOT for e in turn):
        return Outcome.ALREADY_RATED
    actions = [e.action_name for e in turn if isinstance(e, ActionExecuted)]
    actions += [(e.metadata or {}).get("utter_action") for e in turn if isinstance(e, BotUttered)]
    if any(is_safety_reply(action) for action in actions):
        return Outcome.NOT_RATEABLE
    return Outcome.RECORDED


async def record_rating(agent: Any, sender_id: str, rating: str) -> Outcome:
    """Appends the rating to `sender_id`'s conversation if its last answer may be rated."""
    from rasa.shared.core.events import SlotSet

    if rating not in RATINGS:
        raise ValueError("rating must be 'yes' or 'no'")
    async with agent.lock_store.lock(sender_id):
        tracker = await agent.tracker_store.retrieve(sender_id)
        if tracker is None:
            return Outcome.NO_ANSWER
        outcome = rating_outcome(list(tracker.events))
        if outcome is Outcome.RECORDED:
            tracker.update(SlotSet(RATING_SLOT, rating), agent.domain)
            await agent.tracker_store.save(tracker)
        return outcome
