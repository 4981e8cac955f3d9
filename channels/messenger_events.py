"""What a Messenger webhook POST contains, as plain typed events.

Meta's body is {"object": "page", "entry": [{"id", "time", "messaging": [event, ...]}]};
`entry` and `messaging` are arrays and may hold several items. Each messaging event
has `sender.id` (the person's page-scoped id, PSID) and one of:

- `message`: text, a quick-reply tap (`quick_reply.payload`), attachments (image,
  video, audio, file, sticker, location, fallback...), or an echo of what the Page
  itself sent (`is_echo`);
- `postback`: a tap on a postback button, the Get Started button or a menu item;
- `delivery`, `read`, `reaction`, `optin`, `referral`...: receipts and others.

Only what a person typed or tapped reaches the assistant; attachments get a fixed
reply from the channel; everything else is ignored. Events under `standby` (another
app holds the thread) are ignored too.

Text is cleaned as every channel cleans it (channels/text.py: line breaks and tabs
become spaces, other control characters are dropped, unpaired surrogates become
U+FFFD), and cut at MAX_TEXT_CHARS (cut, not refused: a long message may still be
an emergency).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any, Iterator, List, Mapping, Optional, Tuple

from channels.text import clean_text
from settings.limits import MAX_MESSAGE_CHARS as MAX_TEXT_CHARS
from settings.limits import MAX_SENDER_CHARS

_SENDER = re.compile(r"^[^\s\x00-\x1f\x7f]{1,%d}$" % MAX_SENDER_CHARS)


class Kind(str, enum.Enum):
    TEXT = "text"
    QUICK_REPLY = "quick_reply"
    POSTBACK = "postback"
    ATTACHMENT = "attachment"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Incoming:
    """One messaging event.

    `text` is what goes to the assistant (typed text, or the quick reply's or
    postback's payload); `dedup_key` identifies the message for redelivery
    (its mid); `attachment_types` lists e.g. ("image",), ("sticker",), ("location",).
    """

    kind: Kind
    sender_id: str = ""
    text: Optional[str] = None
    mid: Optional[str] = None
    dedup_key: Optional[str] = None
    attachment_types: Tuple[str, ...] = ()
    reason: str = ""  # why an event is ignored: "echo", "delivery", "read"...

    @property
    def reaches_assistant(self) -> bool:
        return self.kind in (Kind.TEXT, Kind.QUICK_REPLY, Kind.POSTBACK)


# Keys of messaging events that are not a person's message, named in logs.
_OTHER_EVENTS = (
    "delivery",
    "read",
    "reaction",
    "optin",
    "referral",
    "account_linking",
    "policy_enforcement",
    "pass_thread_control",
    "take_thread_control",
    "request_thread_control",
    "app_roles",
    "game_play",
    "handover",
)


def parse_webhook(payload: Any) -> List[Incoming]:
    """Every messaging event in a webhook body, in order; [] if it is not a Page's."""
    return list(_iter_events(payload))


def _iter_events(payload: Any) -> Iterator[Incoming]:
    if not isinstance(payload, Mapping) or payload.get("object") != "page":
        return
    entries = payload.get("entry")
    if not isinstance(entries, list):
        return
    for entry in entries:
        if not isinstance(entry, Mapping):
            continue
        events = entry.get("messaging")
        if isinstance(events, list):
            for event in events:
                yield classify_event(event)
        standby = entry.get("standby")
        if isinstance(standby, list):
            for _ in standby:
                yield Incoming(Kind.IGNORED, reason="standby")


def classify_event(event: Any) -> Incoming:
    """One element of `messaging`, classified."""
    if not isinstance(event, Mapping):
        return Incoming(Kind.IGNORED, reason="malformed")
    sender = event.get("sender")
    sender_id = sender.get("id") if isinstance(sender, Mapping) else None
    if isinstance(sender_id, int):
        sender_id = str(sender_id)
    if not isinstance(sender_id, str) or not _SENDER.match(sender_id.strip()):
        return Incoming(Kind.IGNORED, reason="no sender")
    sender_id = sender_id.strip()

    message = event.get("message")
    if isinstance(message, Mapping):
        return _classify_message(sender_id, message)
    postback = event.get("postback")
    if isinstance(postback, Mapping):
        return _classify_postback(sender_id, event, postback)
    for key in _OTHER_EVENTS:
        if key in event:
            return Incoming(Kind.IGNORED, sender_id=sender_id, reason=key)
    return Incoming(Kind.IGNORED, sender_id=sender_id, reason="unsupported")


def _string(value: Any) -> Optional[str]:
    if isinstance(value, str):
        return clean_text(value)[:MAX_TEXT_CHARS].strip() or None
    return None


def _classify_message(sender_id: str, message: Mapping) -> Incoming:
    mid = _string(message.get("mid"))
    if message.get("is_echo"):
        return Incoming(Kind.IGNORED, sender_id=sender_id, mid=mid, reason="echo")
    key = f"mid:{mid}" if mid else None

    quick_reply = message.get("quick_reply")
    if isinstance(quick_reply, Mapping):
        payload = _string(quick_reply.get("payload"))
        if payload:
            return Incoming(Kind.QUICK_REPLY, sender_id, payload, mid, key)

    text = _string(message.get("text"))
    if text:
        # A shared link arrives as text plus a "fallback" attachment: the text counts.
        return Incoming(Kind.TEXT, sender_id, text, mid, key)

    attachments = message.get("attachments")
    if isinstance(attachments, list) and attachments:
        types = tuple(attachment_type(a) for a in attachments)
        return Incoming(Kind.ATTACHMENT, sender_id, None, mid, key, attachment_types=types)
    return Incoming(Kind.IGNORED, sender_id=sender_id, mid=mid, reason="empty message")


def attachment_type(attachment: Any) -> str:
    """ "image", "audio", "video", "file", "location", "fallback"... and "sticker".

    Stickers (the thumbs-up "like" too) have long arrived as type "image" with a
    `sticker_id` in the payload; Meta now also sends type "sticker".
    """
    if not isinstance(attachment, Mapping):
        return "unknown"
    payload = attachment.get("payload")
    if isinstance(payload, Mapping) and payload.get("sticker_id"):
        return "sticker"
    kind = attachment.get("type")
    return kind if isinstance(kind, str) and kind else "unknown"


def _classify_postback(sender_id: str, event: Mapping, postback: Mapping) -> Incoming:
    text = _string(postback.get("payload")) or _string(postback.get("title"))
    mid = _string(postback.get("mid"))
    if mid:
        key: Optional[str] = f"mid:{mid}"
    else:
        # Older postbacks carry no mid: the sender, the time and the payload identify it.
        key = f"postback:{sender_id}:{event.get('timestamp')}:{text}"
    if not text:
        return Incoming(Kind.IGNORED, sender_id=sender_id, mid=mid, reason="empty postback")
    return Incoming(Kind.POSTBACK, sender_id, text, mid, key)
