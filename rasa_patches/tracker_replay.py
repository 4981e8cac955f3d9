"""A tracker's applied events and copies are brought up to date, not replayed (speed).

Rasa 3.6 replays every event of a conversation several times per message:
`DialogueStateTracker.applied_events()` (twice per message) and
`DialogueStateTracker.copy()` (once per action run). The replacements keep their last
answer on the tracker and extend it with the new events, with Rasa's own code for
anything but plain appends; scaling/tracker_replay.py says how.

Guarded by tests/speed/test_tracker_replay.py (same answers as Rasa's, event by event).
"""

from __future__ import annotations

from typing import Any

from rasa_patches import swap

APPLIED_EVENTS = "rasa.shared.core.trackers.DialogueStateTracker.applied_events"
COPY = "rasa.shared.core.trackers.DialogueStateTracker.copy"
SYMBOLS = (APPLIED_EVENTS, COPY)


def apply() -> None:
    from scaling import tracker_replay

    if not swap.is_replaced(APPLIED_EVENTS):
        original_applied = swap.original(APPLIED_EVENTS)

        def applied_events(self: Any) -> Any:
            return tracker_replay.applied_events(original_applied, self)

        applied_events.__wrapped__ = original_applied  # type: ignore[attr-defined]
        swap.replace(APPLIED_EVENTS, applied_events)
    if not swap.is_replaced(COPY):
        original_copy = swap.original(COPY)

        def copy(self: Any) -> Any:
            return tracker_replay.copy_tracker(original_copy, self)

        copy.__wrapped__ = original_copy  # type: ignore[attr-defined]
        swap.replace(COPY, copy)


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
