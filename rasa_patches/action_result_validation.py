"""Validate action server responses with a validator built once (speed).

`RemoteAction._validate_action_result` calls `jsonschema.validate`, which first checks
Rasa's *schema* against the JSON Schema meta-schema (draft 2020-12, with its dynamic
references) and builds a new validator, on every call: 34 % of the Rasa server's CPU
under 10 concurrent conversations (py-spy; README, "Where the time goes"). Here the
schema is checked once and the validator kept; every response is still validated,
and an invalid one still raises Rasa's `ValidationError` with Rasa's message (the
original runs on that path).

Guarded by tests/scale/test_prod_config.py::test_speedups_keep_rasa_behaviour.
"""

from __future__ import annotations

from typing import Any, Dict, Text

from rasa_patches import swap

SYMBOLS = ("rasa.core.actions.action.RemoteAction._validate_action_result",)


def apply() -> None:
    if swap.is_replaced(SYMBOLS[0]):
        return
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for

    original = swap.original(SYMBOLS[0])
    cache: Dict[str, Any] = {}

    def _validate_action_result(self: Any, result: Dict[Text, Any]) -> bool:
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validator_for(schema)
            cls.check_schema(schema)  # once, as jsonschema.validate does every time
            validator = cache.setdefault("validator", cls(schema))
        if best_match(validator.iter_errors(result)) is None:
            return True
        return original(self, result)  # raises Rasa's ValidationError, with its message

    _validate_action_result.__wrapped__ = original  # type: ignore[attr-defined]
    swap.replace(SYMBOLS[0], _validate_action_result)


def undo() -> None:
    for symbol in SYMBOLS:
        swap.restore(symbol)
