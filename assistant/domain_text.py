"""The sentences of domain.yml for code that speaks outside Rasa's dialogue.

The channels (the REST channel's 503, Messenger's reply to a photo) and the chat
widget say a few sentences that no rule utters. They live in domain.yml beside every
other sentence a resident reads, under `channel_responses` (Rasa would take them for
dialogue actions under `responses`), and are read from there with `response_text`
(the greeting, a dialogue response the widget shows too, the same way), in English
or, from the variation conditioned on the `language` slot, in Spanish. The widget
gets its copy generated (web/widget_text.py). Numbers in channel responses are
{variables} filled from the directory, never typed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import yaml

from assistant.directory import Directory, load_directory

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_PATH = PROJECT_ROOT / "domain.yml"
# The directory entry whose first number is "the non-emergency line".
NON_EMERGENCY_ENTRY = "jeffersontown-police"

_VARIABLE = re.compile(r"\{(\w+)\}")


@lru_cache(maxsize=4)
def _responses(path: Path) -> Mapping[str, Any]:
    """`responses` (the dialogue's) and `channel_responses` (said outside it), by name."""
    domain = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    dialogue = domain.get("responses") or {}
    channels = domain.get("channel_responses") or {}
    both = sorted(set(dialogue) & set(channels))
    if both:
        raise ValueError(f"{path.name}: {both} in both responses and channel_responses")
    return {**dialogue, **channels}


ENGLISH = "en"
SPANISH = "es"
LANGUAGE_SLOT = "language"


def _matches(variation: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    """Rasa's test of a variation's conditions (rasa.core.nlg.generator): every
    condition's value equals the slot's (strings without case; an unset slot is None)."""
    for condition in variation.get("condition") or []:
        value, filled = condition.get("value"), slots.get(condition.get("name"))
        if isinstance(value, str) and isinstance(filled, str):
            if value.casefold() != filled.casefold():
                return False
        elif value != filled:
            return False
    return True


def variations_for(name: str, slots: Mapping[str, Any], path: Path = DOMAIN_PATH) -> List[Dict[str, Any]]:
    """The variations Rasa 3.6 would choose among for these slot values: the
    conditioned ones that match, else the unconditioned ones (no channel-specific
    variations are used here)."""
    variations = _responses(path).get(name)
    if not variations:
        raise KeyError(f"{path.name} has no response {name!r}")
    matching = [dict(v) for v in variations if v.get("condition") and _matches(v, slots)]
    return matching or [dict(v) for v in variations if not v.get("condition")]


def response(name: str, path: Path = DOMAIN_PATH, language: str = ENGLISH) -> Dict[str, Any]:
    """The response's variation in `language` (English: the one without a condition),
    as a new dict; exactly one must be chosen, as no random pick is wanted here."""
    chosen = variations_for(name, {LANGUAGE_SLOT: language}, path)
    if len(chosen) != 1:
        raise KeyError(
            f"{path.name}: response {name!r} has {len(chosen)} variations for language {language!r}, not one"
        )
    return chosen[0]


def variation_language(message: Mapping[str, Any]) -> str:
    """The language of a reply Rasa sent, from the variation it chose: Rasa keeps the
    chosen variation's `condition` in the message it gives the channel (the rest of a
    response besides text, buttons and custom goes to the bot message's metadata)."""
    for condition in message.get("condition") or []:
        if (
            isinstance(condition, Mapping)
            and condition.get("name") == LANGUAGE_SLOT
            and condition.get("value") == SPANISH
        ):
            return SPANISH
    return ENGLISH


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each {name} replaced by values[name]; a missing value is an error,
    so a sentence never reaches a resident with a "{non_emergency_number}" in it."""

    def value(match: "re.Match[str]") -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"no value for {{{name}}} in {text!r}")
        return str(values[name])

    return _VARIABLE.sub(value, text)


def variables(text: str) -> List[str]:
    return _VARIABLE.findall(text)


def directory_values(directory: Optional[Directory] = None) -> Dict[str, str]:
    """The values domain texts may use: {non_emergency_number}."""
    directory = directory or load_directory()
    entry = directory.get(NON_EMERGENCY_ENTRY)
    if entry is None:
        raise KeyError(f"the directory has no entry {NON_EMERGENCY_ENTRY!r}")
    return {"non_emergency_number": entry.numbers[0].display}


def response_text(
    name: str, values: Optional[Mapping[str, str]] = None, path: Path = DOMAIN_PATH, language: str = ENGLISH
) -> str:
    """The response's text in `language`, its {variables} filled (from the directory
    unless `values` are given)."""
    text = response(name, path, language).get("text")
    if not isinstance(text, str):
        raise KeyError(f"{path.name}: response {name!r} has no text")
    if variables(text) and values is None:
        values = directory_values()
    return fill(text, values or {})


def response_buttons(name: str, path: Path = DOMAIN_PATH, language: str = ENGLISH) -> List[Dict[str, str]]:
    """The response's buttons in `language`: [{"title", "payload"}]."""
    return [
        {"title": str(b["title"]), "payload": str(b["payload"])}
        for b in response(name, path, language).get("buttons") or []
    ]


def response_custom(name: str, path: Path = DOMAIN_PATH, language: str = ENGLISH) -> Dict[str, Any]:
    """The response's `custom` payload in `language` (the widget's interface words)."""
    custom = response(name, path, language).get("custom")
    if not isinstance(custom, Mapping):
        raise KeyError(f"{path.name}: response {name!r} has no custom payload")
    return dict(custom)
