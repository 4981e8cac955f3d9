"""Every change this project makes to Rasa 3.6.21's own code, in one place.

Importing this package changes nothing: each patch is applied by a call, and
README.md here lists each one, the Rasa symbol it touches, why, and its test
(tests/unit/test_rasa_patches.py keeps that table and the code in step).

- process-wide patches (`PROCESS_WIDE`): `apply_all()` applies them all, as the Rasa
  servers the launcher starts do (`python -m scaling.rasa_server run ...`);
  `undo_all()` puts Rasa back as it was (test fixtures). Each is idempotent.
  The ones every server needs, however it is started (plain `rasa run`, `rasa shell`),
  are applied again where they matter: `privacy` by the REST channel,
  `action_wait` by ActionFailurePolicy when the model loads.
- per-server patches, applied by the REST channel once the server has started:
  `tracker_store_shield` (on the agent's tracker store) and `model_check` (the
  server stops if its model did not load).
"""

from __future__ import annotations

from types import ModuleType
from typing import List

from rasa_patches import (
    action_result_validation,
    action_wait,
    event_type_lookup,
    privacy,
    recent_history,
    sql_tracker_store,
    swap,
    tracker_replay,
)

# the speed-ups: the same answers, less CPU (README, "Speed"); the benchmark's
# "plain rasa run" column runs without them
SPEEDUPS: List[ModuleType] = [
    action_result_validation,
    event_type_lookup,
    recent_history,
    sql_tracker_store,
    tracker_replay,
]
PROCESS_WIDE: List[ModuleType] = [*SPEEDUPS, action_wait, privacy]


def apply_all() -> None:
    from policies.action_failure import action_timeout_s

    for patch in SPEEDUPS:
        patch.apply()
    action_wait.apply(action_timeout_s())
    privacy.apply()


def undo_all() -> None:
    for patch in reversed(PROCESS_WIDE):
        patch.undo()


def applied() -> List[str]:
    """The Rasa symbols that hold a replacement of ours now, and "privacy" if set."""
    return swap.replaced() + (["privacy"] if privacy.is_applied() else [])
