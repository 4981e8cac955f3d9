"""Replace one attribute of Rasa, named by its dotted path, and put it back on request.

Every patch of this package that swaps a Rasa attribute goes through `replace`, so
the package knows what it changed (`replaced()`), the original stays reachable
(`original()`), and tests can undo it (`restore()`). Replacing twice keeps the
first original: a patch applied twice never wraps itself.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from typing import Any, Dict, List, Tuple

_MISSING = object()


@dataclass
class _Replaced:
    owner: Any
    name: str
    original: Any  # as stored on the owner (a staticmethod stays a staticmethod)
    replacement: Any


_replaced: Dict[str, _Replaced] = {}  # in place now (or put back by someone else)
_touched: Dict[str, _Replaced] = {}  # ever replaced: their originals, for changed()
_lock = threading.RLock()


def locate(dotted: str) -> Tuple[Any, str]:
    """(owner, attribute name) of `dotted`: its longest importable module, then
    attributes. AttributeError or ImportError if the installed Rasa lacks it."""
    parts = dotted.split(".")
    for split in range(len(parts) - 1, 0, -1):
        try:
            owner = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:-1]:
            owner = getattr(owner, name)
        if parts[-1] not in vars(owner):
            raise AttributeError(f"{dotted}: not defined by {owner!r}")
        return owner, parts[-1]
    raise ImportError(dotted)


def replace(dotted: str, replacement: Any) -> None:
    with _lock:
        owner, name = locate(dotted)
        entry = _replaced.get(dotted)
        if entry is None:
            first = _touched.get(dotted)
            entry = _Replaced(owner, name, first.original if first else vars(owner)[name], replacement)
            _replaced[dotted] = entry
            _touched.setdefault(dotted, entry)
        entry.replacement = replacement
        setattr(owner, name, replacement)


def is_replaced(dotted: str) -> bool:
    """True while `dotted` holds the replacement this module put there last."""
    entry = _replaced.get(dotted)
    return entry is not None and vars(entry.owner).get(entry.name, _MISSING) is entry.replacement


def original(dotted: str) -> Any:
    """What `dotted` held before any replacement, as stored (a staticmethod object
    for a static method); the current value if it was never replaced."""
    entry = _replaced.get(dotted)
    if entry is not None:
        return entry.original
    owner, name = locate(dotted)
    return vars(owner)[name]


def restore(dotted: str) -> None:
    with _lock:
        entry = _replaced.pop(dotted, None)
        if entry is not None:
            setattr(entry.owner, entry.name, entry.original)


def replaced() -> List[str]:
    """The dotted names that hold a replacement now."""
    return sorted(dotted for dotted in _replaced if is_replaced(dotted))


def changed() -> List[str]:
    """The dotted names ever replaced here that do not hold their original now (for
    tests: Rasa is as it was once they are undone, however they were undone)."""
    return sorted(
        dotted
        for dotted, entry in _touched.items()
        if vars(entry.owner).get(entry.name, _MISSING) is not entry.original
    )
