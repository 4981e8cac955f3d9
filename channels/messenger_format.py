"""The assistant's replies as Messenger messages.

Limits from Meta's Send API documentation:

- a text message holds at most 2,000 characters: longer text is split into several
  messages, at paragraph, line or sentence boundaries (words only as a last resort);
- a button template holds at most 640 characters of text and 1 to 3 buttons; a call
  button is {"type": "phone_number", "title": <= 20 characters, "payload": "+1..."}:
  "+", the country code and the number. A short code (911, 988) is refused, so it
  never becomes a call button: the reply's text gives it (an emergency reply leads
  with "Call 911"), and no refused send delays the reply;
- a message carries at most 13 quick replies, each title at most 20 characters and
  payload at most 1,000 characters.

`build_messages` turns one reply (text + the assistant's buttons) into the `message`
objects to send, in order: every phone number the text gives becomes a call button
(at most 3, full numbers only; the others stay as text), the assistant's buttons
become quick replies on the last message, and an emergency reply (its first line
mentions 911) starts with the template that carries that line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from settings.limits import MESSENGER_PAYLOAD_CHARS as PAYLOAD_LIMIT
from settings.limits import MESSENGER_QUICK_REPLIES as MAX_QUICK_REPLIES
from settings.limits import MESSENGER_TEMPLATE_BUTTONS as MAX_TEMPLATE_BUTTONS
from settings.limits import MESSENGER_TEMPLATE_TEXT_CHARS as TEMPLATE_TEXT_LIMIT
from settings.limits import MESSENGER_TEXT_CHARS as TEXT_LIMIT
from settings.limits import MESSENGER_TITLE_CHARS as TITLE_LIMIT

SHORT_CODES = ("911", "988", "211", "311", "511")
EMERGENCY_NUMBER = "911"

# When there is no text to carry quick replies, Messenger still needs some.
DEFAULT_CHOICE_TEXT = "Please choose:"

# The channel's own replies to what it cannot read (facts from the JTPD 911 page only).
ATTACHMENT_REPLY = (
    "Sorry, I can only read text messages. Please type your question. "
    "If this is an emergency, call 911."
)
LOCATION_REPLY = (
    "Sorry, I can't see shared locations. If this is an emergency, call 911 "
    "and tell the dispatcher where you are."
)


# --- phone numbers -----------------------------------------------------------------

@dataclass(frozen=True)
class PhoneNumber:
    digits: str  # "5022670503", "18002225555" or a short code "911"

    @property
    def callable_by_button(self) -> bool:
        """Full numbers only: Meta refuses a call button to a short code."""
        return len(self.digits) in (10, 11)

    @property
    def payload(self) -> str:
        """The call button's payload: "+15022670503" (full numbers only)."""
        if not self.callable_by_button:
            raise ValueError(f"{self.digits} has no call button payload: a short code")
        return ("+1" if len(self.digits) == 10 else "+") + self.digits

    @property
    def display(self) -> str:
        d = self.digits
        if len(d) == 10:
            return f"({d[:3]}) {d[3:6]}-{d[6:]}"
        if len(d) == 11:
            return f"1-{d[1:4]}-{d[4:7]}-{d[7:]}"
        return d

    @property
    def title(self) -> str:
        """"Call 911", "Call (502) 267-0503", "Call 1-800-222-5555": all <= 20."""
        return f"Call {self.display}"


_FULL_NUMBER = re.compile(
    r"(?<![\w+-])"  # not glued to a word, another number or a "+"
    r"(?:(?P<country>1)[ .-]?)?"
    r"(?:\((?P<area1>[2-9]\d{2})\)|(?P<area2>[2-9]\d{2}))"
    r"[ .-]?(?P<exchange>\d{3})[ .-](?P<line>\d{4})"
    r"(?![\w-])"
)
_SHORT_CODE = re.compile(
    r"(?<![\w$#/().+-])(?P<code>" + "|".join(SHORT_CODES) + r"|9-1-1)(?![\w/-])"
)
_FAX = re.compile(r"\bfax\b[^\d\n]{0,12}$", re.IGNORECASE)


def phone_numbers(text: str) -> List[PhoneNumber]:
    """The callable numbers the text gives, in order of appearance, each once.

    Full numbers ("(502) 267-0503", "1 (800) 222-5555", "502-267-0503") and the
    short codes 911, 988, 211, 311, 511. A number labelled as a fax
    ("Fax: (502) 267-5936") is not callable and is left out.
    """
    found: List[Tuple[int, PhoneNumber]] = []
    taken: List[Tuple[int, int]] = []
    for match in _FULL_NUMBER.finditer(text):
        area = match.group("area1") or match.group("area2")
        digits = (match.group("country") or "") + area + match.group("exchange") + match.group("line")
        taken.append(match.span())
        if _is_fax(text, match.start()):
            continue
        found.append((match.start(), PhoneNumber(digits)))
    for match in _SHORT_CODE.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        if _is_fax(text, match.start()):
            continue
        found.append((match.start(), PhoneNumber(match.group("code").replace("-", ""))))
    result: List[PhoneNumber] = []
    for _, number in sorted(found, key=lambda item: item[0]):
        if number not in result:
            result.append(number)
    return result


def _is_fax(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(_FAX.search(text[line_start:start]))


def is_emergency_reply(text: str) -> bool:
    """The assistant's emergency replies start with a line that mentions 911."""
    first_line = text.strip().split("\n", 1)[0]
    return any(n.digits == EMERGENCY_NUMBER for n in phone_numbers(first_line))


def call_button(number: PhoneNumber) -> Dict[str, str]:
    return {"type": "phone_number", "title": number.title, "payload": number.payload}


# --- titles --------------------------------------------------------------------------

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
        m.group(1).strip() for m in _PARENTHETICAL.finditer(title)
        if _ABBREVIATION.match(m.group(1).strip())
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


# --- quick replies -------------------------------------------------------------------

def quick_replies(buttons: Iterable[Mapping[str, Any]]) -> List[Dict[str, str]]:
    """The assistant's buttons ([{"title", "payload"}]) as Messenger quick replies.

    At most 13; titles shortened to 20 characters, payloads kept as they are.
    A button with neither title nor payload, or a payload over 1,000 characters,
    is left out rather than sent broken.
    """
    result: List[Dict[str, str]] = []
    for button in buttons:
        if len(result) == MAX_QUICK_REPLIES:
            break
        if not isinstance(button, Mapping):
            continue
        title = str(button.get("title") or "").strip()
        payload = str(button.get("payload") or "").strip()
        if not title and not payload:
            continue
        payload = payload or title
        if len(payload) > PAYLOAD_LIMIT:
            continue
        result.append({
            "content_type": "text",
            "title": shorten_title(title or payload),
            "payload": payload,
        })
    return result


def _tel_number(button: Mapping[str, Any]) -> Optional[PhoneNumber]:
    """A button whose payload is a "tel:" link is a call, not a quick reply (one to a
    short code is dropped: Meta refuses it as a call button)."""
    payload = str(button.get("payload") or "").strip()
    if not payload.lower().startswith("tel:"):
        return None
    digits = re.sub(r"\D", "", payload[4:])
    if len(digits) in (10, 11) or digits in SHORT_CODES:
        if len(digits) == 11 and not digits.startswith("1"):
            return None
        return PhoneNumber(digits)
    return None


# --- splitting text ------------------------------------------------------------------

# Where a text may be broken, best first: blank lines, line breaks, sentence ends,
# then any space.
_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"[ \t]*\n\s*")
_SENTENCE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9¿¡])")
_SPACE = re.compile(r"\s+")
_NO_BREAK_AFTER = re.compile(
    r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Mt|Ft|Jr|Sr|No|Co|Inc|Ave|Rd|Blvd|vs|etc|e\.g|i\.e|[A-Z]\.[A-Z]))\.[\"'”’)\]]*$"
)


def split_text(text: str, limit: int = TEXT_LIMIT) -> List[str]:
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
            return text[:start].rstrip(), text[offset + match.end():].lstrip()
    return text[: len(text) - limit], text[len(text) - limit:]


# --- whole replies -------------------------------------------------------------------

def button_template(text: str, buttons: Sequence[Mapping[str, str]]) -> Dict[str, Any]:
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "button",
                "text": text,
                "buttons": [dict(b) for b in buttons],
            },
        }
    }


def build_messages(
    text: Optional[str],
    buttons: Iterable[Mapping[str, Any]] = (),
) -> List[Dict[str, Any]]:
    """One reply of the assistant as the Messenger `message` objects to send, in order.

    - No phone number: text messages of at most 2,000 characters.
    - Full phone numbers: up to 3 call buttons in a button template (text <= 640
      characters); further numbers, and short codes (911, 988), stay in the text
      only. An emergency reply's template comes first (with its 911 line); otherwise
      the template carries the end of the text.
    - The assistant's buttons: quick replies (<= 13) on the last message.
    """
    text = (text or "").strip()
    buttons = [b for b in buttons if isinstance(b, Mapping)]
    tel_numbers = [n for n in (_tel_number(b) for b in buttons) if n is not None]
    choices = quick_replies(b for b in buttons if _tel_number(b) is None)

    numbers: List[PhoneNumber] = []
    for number in phone_numbers(text) + tel_numbers:
        if number not in numbers:
            numbers.append(number)
    emergency = is_emergency_reply(text)
    callable_numbers = [n for n in numbers if n.callable_by_button]
    calls = [call_button(n) for n in callable_numbers[:MAX_TEMPLATE_BUTTONS]]

    if not text and (calls or choices):
        text = DEFAULT_CHOICE_TEXT
    messages: List[Dict[str, Any]] = []
    if not calls:
        messages = [{"text": piece} for piece in split_text(text, TEXT_LIMIT)]
    elif len(text) <= TEMPLATE_TEXT_LIMIT:
        messages = [button_template(text, calls)]
    elif emergency:
        first = split_text(text, TEMPLATE_TEXT_LIMIT)[0]
        rest = text[len(first):].strip()
        messages = [button_template(first, calls)]
        messages += [{"text": piece} for piece in split_text(rest, TEXT_LIMIT)]
    else:
        head, tail = split_last(text, TEMPLATE_TEXT_LIMIT)
        messages = [{"text": piece} for piece in split_text(head, TEXT_LIMIT)]
        messages.append(button_template(tail, calls))

    if choices and messages:
        messages[-1]["quick_replies"] = choices
    return messages


def attachment_reply(attachment_types: Sequence[str]) -> List[Dict[str, Any]]:
    """What the channel answers to stickers, photos, audio, locations, files."""
    if attachment_types and all(t == "location" for t in attachment_types):
        return build_messages(LOCATION_REPLY)
    return build_messages(ATTACHMENT_REPLY)


def plain_text_of(message: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """A button template as a plain text message (with its quick replies), or None.

    Used when the Send API refuses a template: the person still gets the words,
    numbers included.
    """
    attachment = message.get("attachment")
    if not isinstance(attachment, Mapping):
        return None
    payload = attachment.get("payload")
    if not isinstance(payload, Mapping) or payload.get("template_type") != "button":
        return None
    text = payload.get("text")
    if not isinstance(text, str) or not text:
        return None
    fallback: Dict[str, Any] = {"text": text}
    if message.get("quick_replies"):
        fallback["quick_replies"] = message["quick_replies"]
    return fallback
