"""Redaction of residents' words before the staff report shows any of them.

Replaced, in this order: URLs, email addresses, phone numbers, street addresses,
names introduced as names ("my name is ...", "I'm Sarah", "call me ..."), and long
digit runs or codes (plates, case numbers, cards). Each becomes a placeholder such
as [phone]. Control and text-direction characters become U+FFFD, so the text shown
is what was typed, as text. HTML escaping is the page's job (reporting/html.py).

It errs on the side of hiding: a 5-digit ZIP code is hidden as a number. Limits
(README): a name written in lower case after "I'm" ("im john") is not recognised,
and neither is a street without a number or a street word.
"""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(
    r"\b(?:https?://|www\.)\S+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|gov|edu|us|io|info|biz|co|ly|me)\b(?:/\S*)?",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"\b[\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+\b", re.IGNORECASE)
# 10 or 11 digits with any separators (dots, dashes, spaces, brackets), or 7 with one.
_PHONE = re.compile(
    r"(?<![\w])(?:\+?1[\s.\-]*)?\(?\d{3}\)?[\s.\-]*\d{3}[\s.\-]*\d{4}(?![\w])"
    r"|(?<![\w.\-])\d{3}[\s.\-]\d{4}(?![\w])"
)
_STREET_WORDS = (
    r"street|st|avenue|ave|road|rd|drive|dr|lane|ln|boulevard|blvd|court|ct|way"
    r"|place|pl|pike|parkway|pkwy|circle|cir|highway|hwy|trail|trl|terrace|ter"
    r"|loop|run|row|square|sq"
)
_ADDRESS = re.compile(
    rf"\b\d{{1,6}}[a-z]?\s+(?:[nsew]\.?\s+)?(?:[\w'.\-]+\s+){{0,3}}(?:{_STREET_WORDS})\b\.?"
    rf"(?:\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*\w+)?",
    re.IGNORECASE,
)
# "my name is ana lopez", "name's Bo": up to three words, any case.
_NAME_STATED = re.compile(
    r"\b(my\s+name\s+is|my\s+name's|my\s+names|name's|name\s+is)(\s+)"
    r"((?!(?:and|but|i|my|im|i'm|not)\b)[^\W\d_][\w'\-]*"
    r"(?:\s+(?!(?:and|but|i|my|im|i'm|not)\b)[^\W\d_][\w'\-]*){0,2})",
    re.IGNORECASE,
)
# "I'm Sarah", "this is John Smith", "call me Jo": capitalised words only, not common ones.
_NAME_INTRODUCED = re.compile(
    r"\b(i'm|i\s+am|im|i’m|this\s+is|call\s+me|it's)(\s+)"
    r"((?-i:[A-Z][\w'\-]*)(?:\s+(?-i:[A-Z][\w'\-]*))?)",
    re.IGNORECASE,
)
_NOT_NAMES = frozenset(
    """a an the not so sorry looking trying calling having worried scared
afraid in at on from here just still really very going getting being lost fine ok okay good
new sure unsure confused concerned wondering asking curious able unable glad happy sad hurt
home outside inside locked stuck safe alone calling texting writing reaching interested
urgent important an my this that what where how why when who which is it jeffersontown
louisville kentucky metro police fbi dea atf""".split()
)
# Digit runs of 5 or more (spaces or dashes allowed between), and codes mixing letters
# and at least 2 digits in 5+ characters (plates, case numbers).
_LONG_DIGITS = re.compile(r"(?<![\w])\d(?:[\s\-]?\d){4,}(?![\w])")
_CODE = re.compile(
    r"\b(?=[A-Z0-9\-]*\d[A-Z0-9\-]*\d)(?=[A-Z0-9\-]*[A-Z])[A-Z0-9][A-Z0-9\-]{3,}[A-Z0-9]\b", re.IGNORECASE
)
_BIDI_OR_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _visible(text: str) -> str:
    text = _BIDI_OR_CONTROL.sub("\ufffd", text)
    return "".join("\ufffd" if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)


def _name(match: "re.Match[str]") -> str:
    words = match.group(3).split()
    if match.re is _NAME_INTRODUCED and words[0].lower().rstrip(".") in _NOT_NAMES:
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}[name]"


def redact(text: str) -> str:
    """`text` with personal details replaced by placeholders (see the docstring)."""
    text = _visible(text or "")
    text = _URL.sub("[link]", _EMAIL.sub("[email]", text))
    text = _PHONE.sub("[phone]", text)
    text = _ADDRESS.sub("[address]", text)
    text = _NAME_STATED.sub(_name, text)
    text = _NAME_INTRODUCED.sub(_name, text)
    text = _LONG_DIGITS.sub("[number]", text)
    text = _CODE.sub("[number]", text)
    return re.sub(r"\s+", " ", text).strip()
