"""The phone numbers a reply's text gives, found the way the assistant writes them.

Numbers are formatted in one place, assistant.directory.format_number ("(502) 267-0503",
"1 (800) 222-5555", "988"); this module finds them again in a text, for the channels
that make them tappable (Messenger's call buttons) and for the tests that check every
number a resident can read. Plain functions, no Rasa; tests/unit/test_phone_text.py.
"""

from __future__ import annotations

import re
from typing import List, Tuple

from assistant.directory import tel_uri

# Three-digit numbers that are called as they are (N11 codes and the 988 Crisis Line).
SHORT_CODES = ("911", "988", "211", "311", "511")
EMERGENCY_NUMBER = "911"

_FULL_NUMBER = re.compile(
    r"(?<![\w+-])"  # not glued to a word, another number or a "+"
    r"(?:(?P<country>1)[ .-]?)?"
    r"(?:\((?P<area1>[2-9]\d{2})\)|(?P<area2>[2-9]\d{2}))"
    r"[ .-]?(?P<exchange>\d{3})[ .-](?P<line>\d{4})"
    r"(?![\w-])"
)
_SHORT_CODE = re.compile(r"(?<![\w$#/().+-])(?P<code>" + "|".join(SHORT_CODES) + r"|9-1-1)(?![\w/-])")
_FAX = re.compile(r"\bfax\b[^\d\n]{0,12}$", re.IGNORECASE)


def is_full_number(digits: str) -> bool:
    """A ten-digit number, or eleven digits with the country code 1."""
    return len(digits) == 10 or (len(digits) == 11 and digits.startswith("1"))


def e164(digits: str) -> str:
    """ "+15022670503" for a full number; a short code has no E.164 form (ValueError)."""
    if not is_full_number(digits):
        raise ValueError(f"{digits} is not a full number: a short code has no E.164 form")
    return tel_uri(digits)[len("tel:") :]


def find_numbers(text: str) -> List[str]:
    """The digits of the callable numbers `text` gives, in order of appearance, each once.

    Full numbers ("(502) 267-0503", "1 (800) 222-5555", "502-267-0503") and the
    short codes 911 (also "9-1-1"), 988, 211, 311, 511. A number labelled as a fax
    ("Fax: (502) 267-5936") is not callable and is left out.
    """
    found: List[Tuple[int, str]] = []
    taken: List[Tuple[int, int]] = []
    for match in _FULL_NUMBER.finditer(text):
        area = match.group("area1") or match.group("area2")
        digits = (match.group("country") or "") + area + match.group("exchange") + match.group("line")
        taken.append(match.span())
        if not _is_fax(text, match.start()):
            found.append((match.start(), digits))
    for match in _SHORT_CODE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        if not _is_fax(text, match.start()):
            found.append((match.start(), match.group("code").replace("-", "")))
    result: List[str] = []
    for _, digits in sorted(found, key=lambda item: item[0]):
        if digits not in result:
            result.append(digits)
    return result


def _is_fax(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_FAX.search(text[line_start:start]))


def is_emergency_reply(text: str) -> bool:
    """The assistant's emergency replies start with a line that mentions 911."""
    first_line = text.strip().split("\n", 1)[0]
    return EMERGENCY_NUMBER in find_numbers(first_line)
