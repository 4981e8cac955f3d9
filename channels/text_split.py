"""Long text in pieces, broken where a reader would: paragraphs, lines, sentences, words.

Used by the Messenger channel (2,000 characters a message, 640 in a button template).
"""

from __future__ import annotations

import re
from typing import List, Optional, Tuple

# Where a text may be broken, best first: blank lines, line breaks, sentence ends,
# then any space.
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"[ \t]*\n\s*")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9¿¡])")
_SPACE = re.compile(r"\s+")
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Mt|Ft|Jr|Sr|No|Co|Inc|Ave|Rd|Blvd|vs|etc|e\.g|i\.e|[A-Z]\.[A-Z]))\.[\"'”’)\]]*$"
)


def split_text(text: str, limit: int) -> List[str]:
    """`text` in pieces of at most `limit` characters, broken where a reader would.

    Pieces are taken greedily: as much as fits, broken at the last paragraph break
    that fits, else the last line break, else the last sentence end ("U.S." and
    "St." are not sentence ends), else the last space; a single word longer than
    `limit` is cut. Nothing but the whitespace at a break is lost.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    pieces: List[str] = []
    while len(text) > limit:
        cut, resume = _break_point(text, limit)
        piece = text[:cut].rstrip()
        if piece:
            pieces.append(piece)
        text = text[resume:].lstrip()
    if text:
        pieces.append(text)
    return pieces


def _break_point(text: str, limit: int) -> Tuple[int, int]:
    """(end of this piece, start of the rest) for a text longer than `limit`."""
    window = text[: limit + 1]  # a break right after `limit` characters is fine too
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
        best: Optional[Tuple[int, int]] = None
        for match in pattern.finditer(window):
            if match.start() == 0 or match.start() > limit:
                continue
            if pattern is _SENTENCE and _NO_BREAK_AFTER.search(window[: match.start()]):
                continue
            best = (match.start(), match.end())
        if best is not None:
            return best
    return limit, limit


def split_last(text: str, limit: int) -> Tuple[str, str]:
    """(head, tail): the longest tail of at most `limit` characters that starts at a
    paragraph break, else a line break, else a sentence start, else a word."""
    text = text.strip()
    if len(text) <= limit:
        return "", text
    offset = len(text) - limit - 1
    window = text[offset:]
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
        for match in pattern.finditer(window):
            start = offset + match.start()
            if start == 0:
                continue
            if pattern is _SENTENCE and _NO_BREAK_AFTER.search(text[:start]):
                continue
            return text[:start].rstrip(), text[offset + match.end() :].lstrip()
    return text[: len(text) - limit], text[len(text) - limit :]
