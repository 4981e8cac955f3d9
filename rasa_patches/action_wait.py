"""Bound how long the Rasa server waits for the action server (a lookup's answer).

Rasa 3.6's `RemoteAction.run` passes the module constant
`rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT` (5 minutes) as its aiohttp timeout
for every custom action call, and the endpoints file has no setting for it. A resident
whose lookup hits a hung action server would wait 5 minutes, past the channel's own
response timeout. The constant is lowered to a few seconds (ACTION_TIMEOUT_S in
policies/action_failure.py), after which that policy answers without the
directory.

Applied by ActionFailurePolicy when the model loads (so every way of running the
model has it) and by `rasa_patches.apply_all()`.
Guarded by tests/unit/test_rasa_patches.py::test_action_wait_is_bounded_and_undone and
tests/hardening/test_failing_parts.py (a hung action server).
"""

from __future__ import annotations

from rasa_patches import swap

SYMBOLS = ("rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT",)


def apply(seconds: float) -> None:
    """Idempotent; a later call with another value sets that value."""
    if not seconds > 0:
        raise ValueError(f"the action server wait must be positive, not {seconds!r}")
    swap.replace(SYMBOLS[0], float(seconds))


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
