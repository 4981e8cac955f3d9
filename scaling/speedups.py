"""Two hot spots of the Rasa 3.6 server, removed without changing what it does.

Found with py-spy on the Rasa server under 10 concurrent conversations (see
README.md (production section), "Where the time goes"): of its CPU time,

- 34 % went to checking each action server response against Rasa's response schema:
  `RemoteAction._validate_action_result` calls `jsonschema.validate`, which first
  validates the *schema itself* against the JSON Schema meta-schema (draft 2020-12,
  with its dynamic references) and builds a new validator, on every call. Here the
  schema is checked once and the validator kept; each response is still validated,
  and an invalid one still raises the same `ValidationError` with Rasa's message.
- 6 % went to `Event.resolve_by_type`, which walks every subclass of `Event` (with
  `inspect.isabstract` on each) for every event read back from the tracker store.
  Here the answer for each event type name is remembered after the first lookup
  (event classes are all defined when the server has loaded; an unknown name still
  goes the original way and raises the same error).

`apply()` is idempotent. `python -m scaling.rasa_server run ...` is `rasa run ...`
with them applied; the launcher starts the Rasa servers that way.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, Optional, Text, Type

_lock = threading.Lock()
_applied = False


def _patch_action_result_validation() -> None:
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._validate_action_result
    cache: Dict[str, Any] = {}

    def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validator_for(schema)
            cls.check_schema(schema)  # once, as jsonschema.validate does every time
            validator = cache.setdefault("validator", cls(schema))
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        return original(self, result)  # raises Rasa's ValidationError, with its message

    _validate_action_result.__wrapped__ = original  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result


def _patch_event_type_lookup() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type  # a staticmethod: a plain function here
    found: Dict[Text, Type[Event]] = {}

    def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None
                        ) -> Optional[Type[Event]]:
        cls = found.get(type_name)
        if cls is not None:
            return cls
        result = original(type_name, default)
        if result is not None and result is not default:
            found[type_name] = result
        return result

    resolve_by_type.__wrapped__ = original  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)


def apply() -> None:
    global _applied
    with _lock:
        if _applied:
            return
        _patch_action_result_validation()
        _patch_event_type_lookup()
        from scaling import recent_history, tracker_cache, tracker_replay

        recent_history.apply()
        tracker_cache.apply()
        tracker_replay.apply()
        _applied = True
