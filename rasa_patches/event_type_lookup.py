"""Remember which Event class each event type name resolves to (speed).

`Event.resolve_by_type` walks every subclass of `Event` (with `inspect.isabstract` on
each) for every event read back from the tracker store: 6 % of the Rasa server's CPU
under load (py-spy). The answer for each name is kept after the first lookup; event
classes are all defined once the server has loaded, and an unknown name still goes
the original way and raises the same error.

Guarded by tests/scale/test_prod_config.py::test_speedups_keep_rasa_behaviour.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

from rasa_patches import swap

SYMBOLS = ("rasa.shared.core.events.Event.resolve_by_type",)


def apply() -> None:
    if swap.is_replaced(SYMBOLS[0]):
        return
    original = swap.original(SYMBOLS[0]).__func__  # stored as a staticmethod
    found: Dict[Text, Type[Any]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Any]] = None) -> Optional[Type[Any]]:
        cls = found.get(type_name)
        if cls is not None:
            return cls
        result = original(type_name, default)
        if result is not None and result is not default:
            found[type_name] = result
        return result

    resolve_by_type.__wrapped__ = original  # type: ignore[attr-defined]
    swap.replace(SYMBOLS[0], staticmethod(resolve_by_type))


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
