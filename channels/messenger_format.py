"""One reply of the assistant as the Messenger messages to send.

`build_messages` turns a reply (text + the assistant's buttons) into `message` objects,
in order, within Meta's limits (channels/messenger_limits.py): every full phone number
the text gives becomes a call button (at most 3; channels/messenger_calls.py), the
assistant's buttons become quick replies on the last message (titles shortened by
channels/messenger_titles.py), long text is split where a reader would
(channels/text_split.py), and an emergency reply (its first line mentions 911) starts
with the template that carries that line. The channel's own sentences (the reply to a
photo or a shared location) are domain.yml responses.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from assistant.domain_text import response_text
from assistant.phone_text import is_emergency_reply
from channels.messenger_calls import CallNumber, call_button, phone_numbers, tel_button_number
from channels.messenger_limits import (
    MAX_QUICK_REPLIES,
    MAX_TEMPLATE_BUTTONS,
    PAYLOAD_LIMIT,
    TEMPLATE_TEXT_LIMIT,
    TEXT_LIMIT,
)
from channels.messenger_titles import shorten_title
from channels.text_split import split_last, split_text

# When there is no text to carry quick replies, Messenger still needs some.
DEFAULT_CHOICE_TEXT = response_text("please_choose")
# The channel's own replies to what it cannot read.
ATTACHMENT_REPLY = response_text("attachment_unsupported")
LOCATION_REPLY = response_text("location_unsupported")


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
        result.append(
            {
                "content_type": "text",
                "title": shorten_title(title or payload),
                "payload": payload,
            }
        )
    return result


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
    tel_numbers = [n for n in (tel_button_number(b) for b in buttons) if n is not None]
    choices = quick_replies(b for b in buttons if tel_button_number(b) is None)

    numbers: List[CallNumber] = []
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
        rest = text[len(first) :].strip()
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
