"""Phone numbers as Messenger call buttons.

Numbers are found with assistant.phone_text and written with the one display format
(assistant.directory.format_number). Only full numbers get a call button: Meta refuses
one whose payload is a short code (911, 988), so those stay in the text, and no
refused send delays the reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional

from assistant.directory import format_number
from assistant.phone_text import SHORT_CODES, e164, find_numbers, is_full_number
from channels.messenger_limits import TITLE_LIMIT


@dataclass(frozen=True)
class CallNumber:
    digits: str  # "5022670503", "18002225555" or a short code "911"

    @property
    def callable_by_button(self) -> bool:
        """Full numbers only: Meta refuses a call button to a short code."""
        return is_full_number(self.digits)

    @property
    def payload(self) -> str:
        """The call button's payload: "+15022670503" (full numbers only)."""
        return e164(self.digits)

    @property
    def title(self) -> str:
        """ "Call (502) 267-0503"; a number too long for that ("1 (800) 222-5555")
        is its own title: the button is a call button either way."""
        display = format_number(self.digits)
        title = f"Call {display}"
        return title if len(title) <= TITLE_LIMIT else display


def phone_numbers(text: str) -> List[CallNumber]:
    """The callable numbers the text gives, in order, each once (no fax numbers)."""
    return [CallNumber(digits) for digits in find_numbers(text)]


def call_button(number: CallNumber) -> Dict[str, str]:
    return {"type": "phone_number", "title": number.title, "payload": number.payload}


def tel_button_number(button: Mapping[str, Any]) -> Optional[CallNumber]:
    """The number of a button whose payload is a "tel:" link (a call, not a quick
    reply), else None."""
    payload = str(button.get("payload") or "").strip()
    if not payload.lower().startswith("tel:"):
        return None
    digits = re.sub(r"\D", "", payload[4:])
    if is_full_number(digits) or digits in SHORT_CODES:
        return CallNumber(digits)
    return None
