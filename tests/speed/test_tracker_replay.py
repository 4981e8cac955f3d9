"""scaling.tracker_replay: a tracker's applied events and copies, kept up to date event
by event, are exactly what Rasa's own replay of all its events gives."""

from __future__ import annotations

import asyncio
from typing import Any, Dict

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    FollowupAction,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from tests.speed.conftest import load_agent
from tests.speed.test_recent_history import mixed_conversation


def original(name: str):
    return getattr(DialogueStateTracker, name).__wrapped__


def state(tracker: DialogueStateTracker) -> Dict[str, Any]:
    """Everything a tracker holds; slots by value, events by identity."""
    found = {k: v for k, v in vars(tracker).items() if not k.startswith("_jtpd")}
    found["slots"] = {n: (s.value, s.has_been_set) for n, s in tracker.slots.items()}
    found["events"] = [id(e) for e in tracker.events]
    return found


def check(tracker: DialogueStateTracker) -> None:
    assert [id(e) for e in tracker.applied_events()] == [id(e) for e in original("applied_events")(tracker)]
    ours, rasas = tracker.copy(), original("copy")(tracker)
    assert state(ours) == state(rasas)
    ours.update(SlotSet("directory_unavailable", True))  # a copy is its own
    assert tracker.get_slot("directory_unavailable") == rasas.get_slot("directory_unavailable")


def test_synthetic_events_with_reverts_restarts_and_loops(speedups_applied):
    from rasa.shared.core.slots import BooleanSlot

    tracker = DialogueStateTracker("t", [BooleanSlot("directory_unavailable", mappings=[])])
    steps = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("hi", {"name": "greet"}),
        ActionExecuted("utter_greet"),
        BotUttered("hello"),
        ActionExecuted("action_listen"),
        UserUttered("x", {"name": "nlu_fallback"}),
        ActionExecuted("action_default_fallback"),
        UserUtteranceReverted(),
        SlotSet("directory_unavailable", True),
        ActionExecuted("action_listen"),
        UserUttered("y", {"name": "greet"}),
        ActionExecuted("utter_greet"),
        ActionReverted(),
        FollowupAction("utter_greet"),
        ActionExecuted("utter_greet"),
        ActiveLoop("a_form"),
        ActionExecuted("a_form"),
        ActionExecuted("a_form"),
        ActiveLoop(None),
        ActionExecuted("action_listen"),
        Restarted(),
        ActionExecuted("action_listen"),
        UserUttered("z", {"name": "thank"}),
        ActionExecuted("utter_thank"),
    ]
    check(tracker)
    for event in steps:
        tracker.update(event)
        check(tracker)
    tracker.events.clear()  # not grown at its end: the record is not used
    check(tracker)


def test_a_real_conversation_event_by_event(speedups_applied):
    agent = load_agent(None)  # no action server: lookups fail and take the failure path

    async def run():
        for text in mixed_conversation(5, 80):
            await agent.handle_text(text, sender_id="replay")
            check(await agent.tracker_store.retrieve("replay"))

    asyncio.run(run())
