"""A failing tracker store loses no message and keeps no resident's words in memory.

Rasa 3.6 wraps the tracker store in `rasa.core.tracker_store.FailSafeTrackerStore`:
when the store fails, the message is answered as the first of a new conversation,
the error is logged with its text (which can quote the SQL parameters: what the
resident typed), and the conversation is "saved" to an in-memory fallback store
that is never read again and keeps residents' words until a restart. The
constructor's two optional settings, kept in `_on_tracker_store_error` and
`_fallback_tracker_store` (read by its `on_tracker_store_error`,
`on_tracker_store_retrieve_error` and `fallback_tracker_store`), are set on the
server's store here:

- the error goes to the channel's own handler (channels/rest.py logs its type only);
- the fallback keeps nothing and notes the failed save, so a channel that watched the
  message (`noting_failed_saves`) refuses it with 503 and the resident sends it again.

Applied per agent by the REST channel once the server has started (nothing
process-wide to undo). Guarded by
tests/unit/test_rasa_patches.py::test_shielded_store_keeps_nothing_and_notes_the_failed_save
and tests/hardening/test_failing_parts.py (a locked SQLite store).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore

SYMBOLS = (
    "rasa.core.tracker_store.FailSafeTrackerStore.on_tracker_store_error",
    "rasa.core.tracker_store.FailSafeTrackerStore.on_tracker_store_retrieve_error",
    "rasa.core.tracker_store.FailSafeTrackerStore.fallback_tracker_store",
)


@dataclass
class Saves:
    failed: bool = False


_saves: ContextVar[Optional[Saves]] = ContextVar("jtpd_saves", default=None)


@contextmanager
def noting_failed_saves() -> Iterator[Saves]:
    """Within it, a save that fell back to the discarding store sets `.failed`."""
    saves = Saves()
    token = _saves.set(saves)
    try:
        yield saves
    finally:
        _saves.reset(token)


class DiscardingTrackerStore(InMemoryTrackerStore):
    """Rasa's fallback tracker store, keeping nothing; notes the failed save."""

    async def save(self, tracker: Any) -> None:
        saves = _saves.get()
        if saves is not None:
            saves.failed = True


def apply(agent: Any, on_error: Callable[[Exception], None]) -> None:
    """Shields `agent`'s tracker store; idempotent. No-op for a store Rasa did not wrap."""
    store = getattr(agent, "tracker_store", None)
    if isinstance(store, FailSafeTrackerStore):
        store._on_tracker_store_error = on_error
        if not isinstance(store._fallback_tracker_store, DiscardingTrackerStore):
            store._fallback_tracker_store = DiscardingTrackerStore(store.domain)


def is_applied(agent: Any) -> bool:
    store = getattr(agent, "tracker_store", None)
    return isinstance(store, FailSafeTrackerStore) and isinstance(
        store._fallback_tracker_store, DiscardingTrackerStore
    )
