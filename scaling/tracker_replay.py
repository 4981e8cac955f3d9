"""A tracker's applied events and its copies, worked out once per event.

With the tracker kept between messages (scaling/tracker_cache.py) and the policies
reading the recent turns (scaling/recent_history.py), what still grew with the length
of a conversation was Rasa replaying every event of it, several times per message:

- `DialogueStateTracker.applied_events()` (the events not undone by a revert or a
  restart) walks them all; the processor calls it twice per message (is a session
  running? when did the resident last speak?).
- `DialogueStateTracker.copy()` replays them all into a new tracker; the processor
  makes one for every action it runs (`_run_action`, to drop the policy's events if
  the action is rejected).

Both are kept on the tracker object and brought up to date with the events added
since, with Rasa's own code for anything but plain appends:

- applied events: the list is extended with the new events when none of them can undo
  or reset earlier ones (a restart, a new session, a reverted action or utterance, a
  loop's activation or a loop action); otherwise Rasa's `applied_events` runs again.
- copies: a private replay (Rasa's `init_copy()` updated with each event, exactly as
  `travel_back_in_time` does) is extended with the new events, and each copy is a
  clone of it: its own events deque, slots, loop and latest action; the events
  themselves are shared, as in Rasa's copy.

The record is used only while the tracker's events are the ones it was built from
(the same deque, grown at its end, no event dropped by `max_event_history`).

Installed in Rasa 3.6.21 by rasa_patches/tracker_replay.py, in place of
`rasa.shared.core.trackers.DialogueStateTracker.applied_events` and
`DialogueStateTracker.copy`.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable, List, Optional, Set

from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
)
from rasa.shared.core.trackers import DialogueStateTracker

_APPLIED = "_jtpd_applied"
_REPLAY = "_jtpd_replay"
_UNDOING = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)


@dataclass
class _Record:
    events: Any  # the deque it was built from
    length: int
    last: Optional[Event]
    value: Any  # applied events (list) or the replayed tracker
    loop_names: Set[str] = field(default_factory=set)

    def new_events(self, tracker: DialogueStateTracker) -> Optional[List[Event]]:
        """The events added since, or None if the record no longer describes them."""
        events = tracker.events
        if events is not self.events or events.maxlen is not None or len(events) < self.length:
            return None
        if self.length and events[self.length - 1] is not self.last:
            return None
        return list(itertools.islice(events, self.length, None))

    def advance(self, tracker: DialogueStateTracker) -> None:
        self.length = len(tracker.events)
        self.last = tracker.events[-1] if self.length else None


def _plain(events: List[Event], loop_names: Set[str]) -> bool:
    return not any(
        isinstance(e, _UNDOING) or (isinstance(e, ActionExecuted) and e.action_name in loop_names)
        for e in events
    )


def _clone(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A tracker in the same state with its own mutable parts (events shared)."""
    clone = copy.copy(tracker)
    clone.__dict__.pop(_APPLIED, None)
    clone.__dict__.pop(_REPLAY, None)
    clone.events = copy.copy(tracker.events)
    slots = type(tracker.slots)()
    slots.update({name: copy.copy(slot) for name, slot in tracker.slots.items()})
    clone.slots = slots
    clone.active_loop = copy.deepcopy(tracker.active_loop)
    clone.latest_action = copy.copy(tracker.latest_action)
    return clone


def applied_events(
    original: Callable[[DialogueStateTracker], List[Event]], tracker: DialogueStateTracker
) -> List[Event]:
    """`tracker.applied_events()`, extended from the last answer when only plain events
    were added since; `original` (Rasa's) otherwise."""
    record: Optional[_Record] = tracker.__dict__.get(_APPLIED)
    new = record.new_events(tracker) if record is not None else None
    if new is not None and _plain(new, record.loop_names):
        record.value.extend(new)
        record.advance(tracker)
        return list(record.value)
    result = original(tracker)
    loop_names = {e.name for e in tracker.events if isinstance(e, ActiveLoop) and e.name}
    record = _Record(tracker.events, 0, None, list(result), loop_names)
    record.advance(tracker)
    tracker.__dict__[_APPLIED] = record
    return result


def copy_tracker(
    original: Callable[[DialogueStateTracker], DialogueStateTracker], tracker: DialogueStateTracker
) -> DialogueStateTracker:
    """`tracker.copy()`, cloned from a replay kept up to date event by event;
    `original` (Rasa's) for a tracker with a bounded event history."""
    record: Optional[_Record] = tracker.__dict__.get(_REPLAY)
    new = record.new_events(tracker) if record is not None else None
    if new is None:
        if tracker.events.maxlen is not None:
            return original(tracker)
        record = _Record(tracker.events, 0, None, tracker.init_copy())
        tracker.__dict__[_REPLAY] = record
        new = list(tracker.events)
    for event in new:  # as travel_back_in_time(inf) does
        record.value.update(event)
    record.advance(tracker)
    return _clone(record.value)
