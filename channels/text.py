"""What the assistant and the tracker store get of a resident's text, for every channel.

The REST, socket.io and Messenger channels clean text with `clean_text`; each cuts it
at its own length limit. Tests: tests/unit/test_clean_text.py.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACE_LIKE = re.compile(r"[\t\n\r\v\f\u0085\u2028\u2029]")


def clean_text(text: str) -> str:
    """`text` without control characters, trimmed.

    Line breaks and tabs become spaces; other control characters (C0, C1, NUL, which
    PostgreSQL cannot store) are dropped; unpaired surrogates (valid in JSON, not in
    UTF-8) become U+FFFD. Letters, emoji, accents and right-to-left text are kept.
    """
    text = _SURROGATE.sub("\ufffd", text)
    text = _SPACE_LIKE.sub(" ", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cc").strip()
