"""`type: SQL` builds the tracker store that keeps trackers between messages (speed).

Rasa 3.6's `SQLTrackerStore` reads and rebuilds a conversation's whole session for
every message. `_create_from_endpoint_config` builds the class named
`rasa.core.tracker_store.SQLTrackerStore` for `type: SQL`; here that name is given
scaling/tracker_cache.py's `CachingSQLTrackerStore`, its subclass, which checks a kept
tracker against the database with one small query (that module says why it is safe
with several servers).

Guarded by tests/speed/test_tracker_cache.py and
tests/speed/test_patched_symbols.py::test_the_patches_are_in_place.
"""

from __future__ import annotations

from rasa_patches import swap

SYMBOLS = ("rasa.core.tracker_store.SQLTrackerStore",)


def apply() -> None:
    if swap.is_replaced(SYMBOLS[0]):
        return
    from scaling.tracker_cache import CachingSQLTrackerStore

    swap.replace(SYMBOLS[0], CachingSQLTrackerStore)


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
