"""The language of a conversation: the `language` slot when the assistant sets one,
else a guess from common words. Kept tiny on purpose: it only has to tell English
from Spanish in short chat messages, and says "unknown" when it cannot."""

from __future__ import annotations

import re
from typing import Iterable, Optional

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset(
    """the a an is are was to of and in for my i you it what how do can
need number phone call someone help please with this that where when who there have
me police""".split()
)
_SPANISH = frozenset(
    """el la los las es son un una de y en para mi yo usted que qué como
cómo necesito número numero teléfono telefono llamar alguien ayuda por favor con esto eso
donde dónde cuando cuándo hay tengo policía policia hola""".split()
)


def guess_language(texts: Iterable[str]) -> str:
    """ "en", "es" or "unknown" (no common word of either, or as many of each)."""
    english = spanish = 0
    for text in texts:
        for word in _WORD.findall(text.lower()):
            english += word in _ENGLISH
            spanish += word in _SPANISH
    if english == spanish:
        return "unknown"
    return "en" if english > spanish else "es"


def conversation_language(slot_value: Optional[str], texts: Iterable[str]) -> str:
    if slot_value:
        return slot_value.strip().lower()[:12] or "unknown"
    return guess_language(texts)
