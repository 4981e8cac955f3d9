"""The policies get the recent turns of a conversation, not all of it (speed).

Rasa 3.6's `MessageProcessor._predict_next_with_tracker` hands the policies the whole
tracker, so the cost of a message grew with the length of its conversation. The
replacement passes a view of the recent turns whenever that is certain to predict
the same; scaling/recent_history.py says when, and why that is safe.

Guarded by tests/speed/test_recent_history.py (same predictions as the whole tracker).
"""

from __future__ import annotations

from typing import Any

from rasa_patches import swap

SYMBOLS = ("rasa.core.processor.MessageProcessor._predict_next_with_tracker",)


def apply() -> None:
    if swap.is_replaced(SYMBOLS[0]):
        return
    from scaling import recent_history

    original = swap.original(SYMBOLS[0])

    def _predict_next_with_tracker(self: Any, tracker: Any) -> Any:
        return recent_history.predict(original, self, tracker)

    _predict_next_with_tracker.__wrapped__ = original  # type: ignore[attr-defined]
    swap.replace(SYMBOLS[0], _predict_next_with_tracker)


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
