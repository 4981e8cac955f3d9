"""Button and quick-reply titles shortened to Messenger's 20 characters, as a person would."""

from __future__ import annotations

import re

from channels.messenger_limits import TITLE_LIMIT

_PARENTHETICAL = re.compile(r"\s*\(([^()]*)\)")
_ABBREVIATION = re.compile(r"^[A-Z][A-Z0-9&.]{1,9}$")
_TRAILING_PUNCTUATION = " ,;:-–—/&(.'\""


def shorten_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """A title that fits `limit` characters, shortened the way a person would.

    The first of these that fits: the title; the title without its parenthetical;
    the part before " - " or ": " (with, then without, its parenthetical); an
    abbreviation given in parentheses; otherwise the title cut at a word boundary,
    ending in "…". For example "Bureau of Alcohol, Tobacco, Firearms and Explosives
    (ATF) - Louisville Office" -> "ATF", "FBI - Louisville Office" -> "FBI",
    "Jefferson County Youth Center" -> "Jefferson County…".
    """
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    head = re.split(r"\s+[-–—]\s+|:\s+", title, maxsplit=1)[0].strip()
    abbreviations = [
        m.group(1).strip() for m in _PARENTHETICAL.finditer(title) if _ABBREVIATION.match(m.group(1).strip())
    ]
    candidates = [
        _PARENTHETICAL.sub("", title).strip(),
        head,
        _PARENTHETICAL.sub("", head).strip(),
    ]
    if abbreviations:
        candidates.append(abbreviations[0])
    for candidate in candidates:
        if candidate and len(candidate) <= limit:
            return candidate
    return _cut(_PARENTHETICAL.sub("", title).strip() or title, limit)


def _cut(text: str, limit: int) -> str:
    room = limit - 1  # for the "…"
    cut = text[: room + 1]
    space = cut.rfind(" ")
    if space >= room // 2:
        cut = cut[:space]
    else:
        cut = cut[:room]
    return cut.rstrip(_TRAILING_PUNCTUATION) + "…"
