"""Webhook bodies in the shapes Meta documents for the Messenger Platform.

Each builder returns one messaging event; `page_body` wraps events the way Meta
posts them ({"object": "page", "entry": [{"id", "time", "messaging": [...]}]}), and
`signed` gives the raw body with its X-Hub-Signature-256 header.
"""

from __future__ import annotations

import itertools
import json
import time
from typing import Any, Dict, List, Sequence, Tuple

from channels.signature import sign

PAGE_ID = "104857600000001"
APP_ID = 1517776481860111
_counter = itertools.count(1)


def new_mid() -> str:
    return f"m_test{next(_counter):06d}{int(time.time() * 1000)}"


def _now() -> int:
    return int(time.time() * 1000)


def _base(psid: str) -> Dict[str, Any]:
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": _now()}


def text(psid: str, words: str, mid: str = "") -> Dict[str, Any]:
    event = _base(psid)
    event["message"] = {"mid": mid or new_mid(), "text": words}
    return event


def quick_reply(psid: str, title: str, payload: str, mid: str = "") -> Dict[str, Any]:
    event = _base(psid)
    event["message"] = {"mid": mid or new_mid(), "text": title, "quick_reply": {"payload": payload}}
    return event


def postback(psid: str, title: str, payload: str, mid: str = "") -> Dict[str, Any]:
    event = _base(psid)
    event["postback"] = {"mid": mid or new_mid(), "title": title, "payload": payload}
    return event


def legacy_postback(psid: str, title: str, payload: str) -> Dict[str, Any]:
    """Before Graph v11 a postback had no mid."""
    event = _base(psid)
    event["postback"] = {"title": title, "payload": payload}
    return event


def attachment(psid: str, kind: str, payload: Dict[str, Any], mid: str = "", **extra: Any) -> Dict[str, Any]:
    event = _base(psid)
    item: Dict[str, Any] = {"type": kind, "payload": payload}
    item.update(extra)
    event["message"] = {"mid": mid or new_mid(), "attachments": [item]}
    return event


def image(psid: str, mid: str = "") -> Dict[str, Any]:
    return attachment(psid, "image", {"url": "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg"}, mid)


def audio(psid: str, mid: str = "") -> Dict[str, Any]:
    return attachment(psid, "audio", {"url": "https://cdn.fbsbx.com/v/t59.3654-21/audioclip.mp4"}, mid)


def video(psid: str, mid: str = "") -> Dict[str, Any]:
    return attachment(psid, "video", {"url": "https://video.xx.fbcdn.net/v/t42.3356-2/video.mp4"}, mid)


def file(psid: str, mid: str = "") -> Dict[str, Any]:
    return attachment(psid, "file", {"url": "https://cdn.fbsbx.com/v/t59.2708-21/report.pdf"}, mid)


def sticker(psid: str, mid: str = "") -> Dict[str, Any]:
    """The thumbs-up "like": an image attachment with a sticker_id."""
    event = attachment(
        psid,
        "image",
        {
            "url": "https://scontent.xx.fbcdn.net/v/t39.1997-6/851557_369239266556155_759568595_n.png",
            "sticker_id": 369239263222822,
        },
        mid,
    )
    event["message"]["sticker_id"] = 369239263222822
    return event


def sticker_new_type(psid: str, mid: str = "") -> Dict[str, Any]:
    """The newer "sticker" attachment type."""
    return attachment(
        psid,
        "sticker",
        {
            "url": "https://scontent.xx.fbcdn.net/v/t39.1997-6/sticker.png",
            "sticker_id": 369239263222822,
        },
        mid,
    )


def location(psid: str, mid: str = "") -> Dict[str, Any]:
    return attachment(
        psid,
        "location",
        {"coordinates": {"lat": 38.1940, "long": -85.5644}},
        mid,
        title="Pinned Location",
        url="https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.bing.com%2Fmaps",
    )


def shared_link(psid: str, url: str, mid: str = "") -> Dict[str, Any]:
    """A link: its text plus a "fallback" attachment."""
    event = _base(psid)
    event["message"] = {
        "mid": mid or new_mid(),
        "text": url,
        "attachments": [{"type": "fallback", "payload": {"url": url, "title": "A shared page"}}],
    }
    return event


def echo(psid: str, words: str, mid: str = "") -> Dict[str, Any]:
    """What the Page itself sent, echoed back: sender is the Page."""
    return {
        "sender": {"id": PAGE_ID},
        "recipient": {"id": psid},
        "timestamp": _now(),
        "message": {"is_echo": True, "app_id": APP_ID, "mid": mid or new_mid(), "text": words},
    }


def delivery(psid: str, mids: Sequence[str] = ()) -> Dict[str, Any]:
    event = {
        "sender": {"id": psid},
        "recipient": {"id": PAGE_ID},
        "delivery": {"mids": list(mids) or [new_mid()], "watermark": _now()},
    }
    return event


def read(psid: str) -> Dict[str, Any]:
    event = _base(psid)
    event["read"] = {"watermark": _now()}
    return event


def page_body(*events: Dict[str, Any]) -> Dict[str, Any]:
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": _now(), "messaging": list(events)}]}


def batched(*groups: List[Dict[str, Any]]) -> Dict[str, Any]:
    """Several entries in one POST, as Meta may batch them."""
    return {
        "object": "page",
        "entry": [{"id": PAGE_ID, "time": _now(), "messaging": list(group)} for group in groups],
    }


def signed(app_secret: str, body: Dict[str, Any]) -> Tuple[bytes, Dict[str, str]]:
    raw = json.dumps(body, separators=(",", ":")).encode("utf-8")
    return raw, {"Content-Type": "application/json", "X-Hub-Signature-256": sign(app_secret, raw)}
